//! Share links: the whole workspace in the URL fragment (`#s=1.<base64url(deflate(json))>`), never sent to a
//! server. The `1.` is the format version; a link from a newer version is refused with a clear message.

use crate::model::Workspace;

/// The version written into new links.
pub const SHARE_VERSION: u32 = 1;
/// A decompressed link larger than this is refused (protects the page from a deflate bomb).
pub const MAX_DECOMPRESSED_BYTES: usize = 2 * 1024 * 1024;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding (RFC 4648, section 5).
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let index = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(
                ALPHABET.get(index as usize).copied().unwrap_or(b'A'),
            ));
        }
    }
    out
}

pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// The fragment payload (after `s=`) for a workspace.
pub fn encode(ws: &Workspace) -> String {
    let json = ws.to_json().text();
    let compressed = crate::deflate::compress(json.as_bytes());
    format!("{SHARE_VERSION}.{}", base64url_encode(&compressed))
}

/// Why a link could not be opened; the message is shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareError(pub String);

/// Reads a fragment payload (after `s=`).
pub fn decode(payload: &str) -> Result<Workspace, ShareError> {
    let (version, data) = payload.split_once('.').ok_or_else(|| {
        ShareError("this share link is not one iamplay wrote (no version)".into())
    })?;
    let version: u32 = version
        .parse()
        .map_err(|_| ShareError("this share link is not one iamplay wrote (bad version)".into()))?;
    if version > SHARE_VERSION {
        return Err(ShareError(format!(
            "this share link was made by a newer iamplay (format {version}); this page reads format {SHARE_VERSION}"
        )));
    }
    if version == 0 {
        return Err(ShareError(
            "this share link has an unknown format (0)".into(),
        ));
    }
    let bytes = base64url_decode(data).ok_or_else(|| {
        ShareError("this share link is damaged (not base64url); was it cut off?".into())
    })?;
    let json = crate::deflate::decompress(&bytes, MAX_DECOMPRESSED_BYTES).map_err(|_| {
        ShareError("this share link is damaged or truncated (it does not decompress)".into())
    })?;
    let text = String::from_utf8(json)
        .map_err(|_| ShareError("this share link is damaged (not UTF-8 text)".into()))?;
    Workspace::from_json(&text, MAX_DECOMPRESSED_BYTES).map_err(|e| {
        ShareError(format!(
            "this share link holds no scenario iamplay can read ({e})"
        ))
    })
}

/// The `s=` payload of a URL fragment such as `#s=1.abc` or `#embed=1&s=1.abc`.
pub fn payload_of_fragment(fragment: &str) -> Option<&str> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix("s="))
}

/// A flag (`embed`, `readonly`) in a fragment or query string: `embed=1` or `embed`.
pub fn has_flag(text: &str, flag: &str) -> bool {
    text.trim_start_matches(['#', '?']).split('&').any(|part| {
        part == flag
            || part
                .strip_prefix(flag)
                .and_then(|r| r.strip_prefix('='))
                .is_some_and(|v| v != "0" && v != "false")
    })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..20 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 250) as u8).collect();
            let text = base64url_encode(&bytes);
            assert!(!text.contains(['+', '/', '=']));
            assert_eq!(base64url_decode(&text), Some(bytes));
        }
        assert_eq!(base64url_encode(b"hi?"), "aGk_");
        assert_eq!(base64url_decode("a b"), None);
    }

    #[test]
    fn a_workspace_round_trips_through_a_link() {
        let ws = crate::model::import_scenario(
            crate::gallery::example("cross-account-role").expect("x"),
        )
        .expect("imports");
        let payload = encode(&ws);
        assert!(payload.starts_with("1."));
        assert_eq!(decode(&payload), Ok(ws.clone()));
        assert_eq!(
            payload_of_fragment(&format!("#embed=1&s={payload}")),
            Some(payload.as_str())
        );
        // Compression pays: the link is much shorter than the JSON.
        assert!(payload.len() < ws.to_json().text().len() / 2);
    }

    #[test]
    fn broken_links_say_why() {
        let ws = Workspace::default();
        let payload = encode(&ws);
        let truncated = &payload[..payload.len() - 3];
        assert!(decode(truncated).is_err());
        let future = payload.replacen("1.", "9.", 1);
        assert!(decode(&future).is_err_and(|e| e.0.contains("newer")));
        assert!(decode("garbage").is_err());
        assert!(decode("1.!!!").is_err());
    }

    #[test]
    fn flags() {
        assert!(has_flag("?embed=1", "embed"));
        assert!(has_flag("#s=1.x&embed", "embed"));
        assert!(!has_flag("?embed=0", "embed"));
        assert!(!has_flag("?embedded=1", "embed"));
        assert!(has_flag("?embed=1&readonly=1", "readonly"));
    }
}
