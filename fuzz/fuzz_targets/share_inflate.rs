//! The playground's own DEFLATE (`crates/iamplay-web/src/deflate.rs`, compiled in here by path: the web crate
//! itself only builds for the browser). Share links from strangers go through `decompress`, so: any bytes, and
//!   - `decompress` never panics and never returns more than its limit;
//!   - it agrees with miniz_oxide, a well-kept inflater: the same output whenever either succeeds within the
//!     limit (our decoder may refuse only what miniz refuses or what exceeds the limit);
//!   - `compress` of the input is valid DEFLATE that both decoders turn back into the input.
#![no_main]

#[allow(dead_code)]
#[path = "../../crates/iamplay-web/src/deflate.rs"]
mod deflate;

use libfuzzer_sys::fuzz_target;

/// Small, so the limit path is exercised often.
const LIMIT: usize = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    let ours = deflate::decompress(data, LIMIT);
    if let Ok(out) = &ours {
        assert!(out.len() <= LIMIT, "output over the limit");
    }
    let reference = miniz_oxide::inflate::decompress_to_vec_with_limit(data, LIMIT);
    match (&ours, &reference) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "different output from the reference inflater"),
        (Ok(a), Err(e)) => {
            // miniz may stop at the limit where ours ended exactly at it; anything else is a disagreement.
            assert!(
                a.len() == LIMIT,
                "ours accepts what miniz refuses ({e:?}), {} bytes",
                a.len()
            );
        }
        (Err(e), Ok(b)) => panic!("ours refuses ({e:?}) what miniz reads ({} bytes)", b.len()),
        (Err(_), Err(_)) => {}
    }

    let packed = deflate::compress(data);
    let back = deflate::decompress(&packed, data.len() + 1).expect("our own output decompresses");
    assert_eq!(back, data, "round trip through our own codec");
    let back = miniz_oxide::inflate::decompress_to_vec(&packed).expect("miniz reads our output");
    assert_eq!(back, data, "miniz reads our output as the input");
});
