//! Raw DEFLATE (RFC 1951) for share links, small on purpose: the page's wasm has a size budget and a general
//! library costs several times this. `compress` writes one fixed-Huffman block with LZ77 matches (hash chains
//! over a 32 KB window); `decompress` reads every block type any deflater writes (stored, fixed, dynamic), with
//! a limit on the output so a hostile link cannot exhaust memory.
//!
//! Why not the browser's `CompressionStream`/`DecompressionStream("deflate-raw")`: both are asynchronous
//! (streams and promises), and both directions are used on synchronous paths. `boot` decodes a `#s=` or
//! `#scenario=` link before the first render, so the first matrix is the linked scenario rather than a flash of the
//! saved one; and the share and embed dialogs, the test hook's `shareUrl()` and the embed's "Open in playground"
//! link build the URL while rendering. Going async would mean a first render without the linked work and links
//! that appear a tick later, and the streams add no inflate limit of their own (a hostile link could still grow
//! without bound until read in chunks). Our coder costs a few KB of the wasm budget; revisit if those paths go async.

// ---------------------------------------------------------------------------------------------------------
// Tables (RFC 1951, section 3.2.5)

const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order code-length code lengths are sent in (section 3.2.7).
const CLEN_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

// ---------------------------------------------------------------------------------------------------------
// Compression

struct BitWriter {
    out: Vec<u8>,
    bits: u64,
    count: u32,
}

impl BitWriter {
    /// Writes `n` bits of `value`, least significant first.
    fn put(&mut self, value: u32, n: u32) {
        self.bits |= u64::from(value) << self.count;
        self.count += n;
        while self.count >= 8 {
            self.out.push(self.bits as u8);
            self.bits >>= 8;
            self.count -= 8;
        }
    }

    /// Writes a Huffman code (sent most significant bit first).
    fn code(&mut self, code: u32, n: u32) {
        let mut reversed = 0;
        for i in 0..n {
            reversed |= ((code >> i) & 1) << (n - 1 - i);
        }
        self.put(reversed, n);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push(self.bits as u8);
        }
        self.out
    }
}

/// A literal/length symbol in the fixed code.
fn fixed_symbol(w: &mut BitWriter, symbol: u32) {
    match symbol {
        0..=143 => w.code(0x30 + symbol, 8),
        144..=255 => w.code(0x190 + symbol - 144, 9),
        256..=279 => w.code(symbol - 256, 7),
        _ => w.code(0xC0 + symbol - 280, 8),
    }
}

fn write_match(w: &mut BitWriter, length: usize, distance: usize) {
    let l = LENGTH_BASE
        .iter()
        .rposition(|&base| usize::from(base) <= length)
        .unwrap_or(0);
    fixed_symbol(w, 257 + l as u32);
    let extra = u32::from(LENGTH_EXTRA[l]);
    w.put((length - usize::from(LENGTH_BASE[l])) as u32, extra);
    let d = DIST_BASE
        .iter()
        .rposition(|&base| usize::from(base) <= distance)
        .unwrap_or(0);
    w.code(d as u32, 5);
    w.put(
        (distance - usize::from(DIST_BASE[d])) as u32,
        u32::from(DIST_EXTRA[d]),
    );
}

const WINDOW: usize = 32 * 1024;
const HASH_BITS: u32 = 14;
const MAX_CHAIN: usize = 48;

fn hash3(data: &[u8], i: usize) -> usize {
    let v = (u32::from(data[i]) << 16) | (u32::from(data[i + 1]) << 8) | u32::from(data[i + 2]);
    (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
}

/// Compresses `data` into one final fixed-Huffman block.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut w = BitWriter {
        out: Vec::with_capacity(data.len() / 2 + 16),
        bits: 0,
        count: 0,
    };
    w.put(1, 1); // final block
    w.put(1, 2); // fixed Huffman
    let mut head = vec![usize::MAX; 1 << HASH_BITS];
    let mut prev = vec![usize::MAX; data.len()];
    let insert = |head: &mut Vec<usize>, prev: &mut Vec<usize>, i: usize| {
        if i + 2 < data.len() {
            let h = hash3(data, i);
            prev[i] = head[h];
            head[h] = i;
        }
    };
    let mut i = 0;
    while i < data.len() {
        let mut best = (0usize, 0usize);
        if i + 2 < data.len() {
            let mut candidate = head[hash3(data, i)];
            let mut chain = 0;
            while candidate != usize::MAX && i - candidate <= WINDOW && chain < MAX_CHAIN {
                let max = (data.len() - i).min(258);
                let length = (0..max)
                    .take_while(|&k| data[candidate + k] == data[i + k])
                    .count();
                if length > best.0 {
                    best = (length, i - candidate);
                    if length == max {
                        break;
                    }
                }
                candidate = prev[candidate];
                chain += 1;
            }
        }
        if best.0 >= 3 {
            write_match(&mut w, best.0, best.1);
            for k in 0..best.0 {
                insert(&mut head, &mut prev, i + k);
            }
            i += best.0;
        } else {
            fixed_symbol(&mut w, u32::from(data[i]));
            insert(&mut head, &mut prev, i);
            i += 1;
        }
    }
    fixed_symbol(&mut w, 256);
    w.finish()
}

// ---------------------------------------------------------------------------------------------------------
// Decompression

/// Why data did not inflate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InflateError {
    /// Not valid DEFLATE data, or cut off.
    Invalid,
    /// The output would exceed the limit.
    TooLarge,
}

struct BitReader<'d> {
    data: &'d [u8],
    pos: usize,
    bit: u32,
}

impl BitReader<'_> {
    fn bit(&mut self) -> Result<u32, InflateError> {
        let byte = *self.data.get(self.pos).ok_or(InflateError::Invalid)?;
        let value = u32::from(byte >> self.bit) & 1;
        self.bit += 1;
        if self.bit == 8 {
            self.bit = 0;
            self.pos += 1;
        }
        Ok(value)
    }

    fn bits(&mut self, n: u32) -> Result<u32, InflateError> {
        let mut value = 0;
        for i in 0..n {
            value |= self.bit()? << i;
        }
        Ok(value)
    }
}

/// A canonical Huffman code: how many codes of each length, and the symbols in code order.
struct Huffman {
    counts: [u16; 16],
    symbols: Vec<u16>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Result<Self, InflateError> {
        let mut counts = [0u16; 16];
        for &length in lengths {
            counts[usize::from(length)] += 1;
        }
        counts[0] = 0;
        // An over-subscribed code is invalid, and so is an incomplete one unless it has at most one symbol (a
        // distance code with a single distance, or none): zlib and miniz refuse the rest, and a damaged link
        // must be reported, not read as other text (found by fuzz/fuzz_targets/share_inflate.rs).
        let mut left: i32 = 1;
        for &count in &counts[1..] {
            left = (left << 1) - i32::from(count);
            if left < 0 {
                return Err(InflateError::Invalid);
            }
        }
        let used: u16 = counts[1..].iter().sum();
        if left > 0 && used > 1 {
            return Err(InflateError::Invalid);
        }
        let mut offsets = [0u16; 16];
        for len in 1..15 {
            offsets[len + 1] = offsets[len] + counts[len];
        }
        let mut symbols = vec![0u16; lengths.len()];
        for (symbol, &length) in lengths.iter().enumerate() {
            if length != 0 {
                let slot = &mut offsets[usize::from(length)];
                symbols[usize::from(*slot)] = symbol as u16;
                *slot += 1;
            }
        }
        Ok(Self { counts, symbols })
    }

    fn decode(&self, r: &mut BitReader<'_>) -> Result<u16, InflateError> {
        let mut code: i32 = 0;
        let mut first: i32 = 0;
        let mut index: i32 = 0;
        for len in 1..16 {
            code |= r.bit()? as i32;
            let count = i32::from(self.counts[len]);
            if code - count < first {
                return self
                    .symbols
                    .get((index + code - first) as usize)
                    .copied()
                    .ok_or(InflateError::Invalid);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(InflateError::Invalid)
    }
}

fn fixed_tables() -> Result<(Huffman, Huffman), InflateError> {
    let mut lengths = [0u8; 288];
    for (symbol, length) in lengths.iter_mut().enumerate() {
        *length = match symbol {
            0..=143 => 8,
            144..=255 => 9,
            256..=279 => 7,
            _ => 8,
        };
    }
    // 32 distance codes, as RFC 1951 section 3.2.6 defines them; 30 and 31 never occur in valid data.
    Ok((Huffman::new(&lengths)?, Huffman::new(&[5u8; 32])?))
}

fn dynamic_tables(r: &mut BitReader<'_>) -> Result<(Huffman, Huffman), InflateError> {
    let literals = r.bits(5)? as usize + 257;
    let distances = r.bits(5)? as usize + 1;
    let code_lengths = r.bits(4)? as usize + 4;
    if literals > 286 || distances > 30 {
        return Err(InflateError::Invalid);
    }
    let mut clen = [0u8; 19];
    for &position in CLEN_ORDER.iter().take(code_lengths) {
        clen[position] = r.bits(3)? as u8;
    }
    let clen = Huffman::new(&clen)?;
    let mut lengths = vec![0u8; literals + distances];
    let mut i = 0;
    while i < lengths.len() {
        let symbol = clen.decode(r)?;
        let (value, repeat) = match symbol {
            0..=15 => (symbol as u8, 1),
            16 => {
                let last = *lengths
                    .get(i.wrapping_sub(1))
                    .ok_or(InflateError::Invalid)?;
                (last, 3 + r.bits(2)? as usize)
            }
            17 => (0, 3 + r.bits(3)? as usize),
            _ => (0, 11 + r.bits(7)? as usize),
        };
        if i + repeat > lengths.len() {
            return Err(InflateError::Invalid);
        }
        lengths[i..i + repeat].fill(value);
        i += repeat;
    }
    if lengths[256] == 0 {
        return Err(InflateError::Invalid);
    }
    Ok((
        Huffman::new(&lengths[..literals])?,
        Huffman::new(&lengths[literals..])?,
    ))
}

/// Inflates raw DEFLATE `data`, producing at most `limit` bytes.
pub fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    let mut r = BitReader {
        data,
        pos: 0,
        bit: 0,
    };
    let mut out: Vec<u8> = Vec::new();
    loop {
        let last = r.bit()? == 1;
        match r.bits(2)? {
            0 => {
                // Stored: skip to a byte boundary, then LEN and its complement.
                if r.bit != 0 {
                    r.bit = 0;
                    r.pos += 1;
                }
                let header = data.get(r.pos..r.pos + 4).ok_or(InflateError::Invalid)?;
                let len = usize::from(u16::from_le_bytes([header[0], header[1]]));
                let nlen = u16::from_le_bytes([header[2], header[3]]);
                if nlen != !(len as u16) {
                    return Err(InflateError::Invalid);
                }
                let bytes = data
                    .get(r.pos + 4..r.pos + 4 + len)
                    .ok_or(InflateError::Invalid)?;
                if out.len() + len > limit {
                    return Err(InflateError::TooLarge);
                }
                out.extend_from_slice(bytes);
                r.pos += 4 + len;
            }
            kind @ (1 | 2) => {
                let (lit, dist) = if kind == 1 {
                    fixed_tables()?
                } else {
                    dynamic_tables(&mut r)?
                };
                loop {
                    let symbol = usize::from(lit.decode(&mut r)?);
                    if symbol < 256 {
                        if out.len() >= limit {
                            return Err(InflateError::TooLarge);
                        }
                        out.push(symbol as u8);
                    } else if symbol == 256 {
                        break;
                    } else {
                        let l = symbol - 257;
                        let base = *LENGTH_BASE.get(l).ok_or(InflateError::Invalid)?;
                        let length =
                            usize::from(base) + r.bits(u32::from(LENGTH_EXTRA[l]))? as usize;
                        let d = usize::from(dist.decode(&mut r)?);
                        let base = *DIST_BASE.get(d).ok_or(InflateError::Invalid)?;
                        let distance =
                            usize::from(base) + r.bits(u32::from(DIST_EXTRA[d]))? as usize;
                        if distance > out.len() {
                            return Err(InflateError::Invalid);
                        }
                        if out.len() + length > limit {
                            return Err(InflateError::TooLarge);
                        }
                        let start = out.len() - distance;
                        for k in 0..length {
                            let byte = out[start + k];
                            out.push(byte);
                        }
                    }
                }
            }
            _ => return Err(InflateError::Invalid),
        }
        if last {
            return Ok(out);
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn samples() -> Vec<Vec<u8>> {
        let mut pseudo = Vec::new();
        let mut x: u32 = 7;
        for _ in 0..70_000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            pseudo.push((x >> 16) as u8 % 7 + b'a');
        }
        vec![
            Vec::new(),
            b"a".to_vec(),
            b"abcabcabcabcabcabcabcabc".to_vec(),
            vec![b' '; 100_000],
            "héllo wörld 🎉 ".repeat(500).into_bytes(),
            crate::gallery::EXAMPLES
                .iter()
                .map(|(_, t)| *t)
                .collect::<String>()
                .into_bytes(),
            pseudo,
        ]
    }

    #[test]
    fn an_incomplete_huffman_code_is_refused() {
        // A dynamic block whose literal/length code lengths leave codes unused: zlib says "invalid literal/lengths
        // set"; this decoder used to read 4 bytes from it (fuzz/fuzz_targets/share_inflate.rs).
        let damaged = [
            0x95, 0x57, 0xc1, 0x6e, 0x1b, 0x37, 0x10, 0xbd, 0xfb, 0x5f, 0xaf, 0xff, 0xff, 0x66,
            0xff, 0x66, 0x0a, 0x0a,
        ];
        assert_eq!(decompress(&damaged, usize::MAX), Err(InflateError::Invalid));
        // A fixed-Huffman block still reads (its distance code is complete with 32 codes).
        assert_eq!(
            decompress(&compress(b"abcabcabc"), 100).as_deref(),
            Ok(&b"abcabcabc"[..])
        );
    }

    #[test]
    fn round_trips_and_compresses() {
        let samples = samples();
        let random = samples.len() - 1;
        for (index, sample) in samples.into_iter().enumerate() {
            let packed = compress(&sample);
            assert_eq!(
                decompress(&packed, usize::MAX).as_deref(),
                Ok(sample.as_slice())
            );
            // Text with repetition (JSON, the examples) at least halves; random letters need not.
            if sample.len() > 1000 && index != random {
                assert!(
                    packed.len() < sample.len() / 2,
                    "{} → {}",
                    sample.len(),
                    packed.len()
                );
            }
        }
    }

    #[test]
    fn share_links_stay_close_to_a_full_deflater() {
        let text: String = crate::gallery::EXAMPLES.iter().map(|(_, t)| *t).collect();
        let ours = compress(text.as_bytes()).len();
        let full = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9).len();
        eprintln!(
            "examples: {} bytes → ours {ours}, miniz level 9 {full}",
            text.len()
        );
        assert!(ours < full * 3 / 2, "ours {ours} vs {full}");
    }

    #[test]
    fn reads_what_a_full_deflater_writes() {
        // miniz_oxide (a dev-dependency) writes dynamic-Huffman and stored blocks.
        for sample in samples() {
            for level in [0, 1, 6, 10] {
                let packed = miniz_oxide::deflate::compress_to_vec(&sample, level);
                assert_eq!(
                    decompress(&packed, usize::MAX).as_deref(),
                    Ok(sample.as_slice()),
                    "level {level}"
                );
            }
            // And a full inflater reads what we write.
            let ours = compress(&sample);
            assert_eq!(
                miniz_oxide::inflate::decompress_to_vec(&ours)
                    .ok()
                    .as_deref(),
                Some(sample.as_slice())
            );
        }
    }

    #[test]
    fn limits_and_damage_are_errors() {
        let bomb = compress(&vec![b' '; 1 << 20]);
        assert_eq!(decompress(&bomb, 1000), Err(InflateError::TooLarge));
        let good = compress(b"hello hello hello hello");
        assert_eq!(
            decompress(&good[..good.len() / 2], usize::MAX),
            Err(InflateError::Invalid)
        );
        assert!(decompress(&[0xff, 0xff, 0xff], usize::MAX).is_err());
        assert!(decompress(&[], usize::MAX).is_err());
        // Every truncation and every single-byte change is an error or some output, never a panic.
        for cut in 0..good.len() {
            let _ = decompress(&good[..cut], 10_000);
        }
        for i in 0..good.len() {
            for flip in [1u8, 0x80, 0xff] {
                let mut bad = good.clone();
                bad[i] ^= flip;
                let _ = decompress(&bad, 10_000);
            }
        }
    }
}
