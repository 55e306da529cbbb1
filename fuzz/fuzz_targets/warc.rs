//! Any bytes as a WARC stream (plain, and gzip when it looks like gzip): records, their HTTP
//! messages, de-chunking and inflation, with a small record cap.
#![no_main]

use std::io::BufReader;

use libfuzzer_sys::fuzz_target;
use parallax_ingest::warc::WarcReader;

const CAP: usize = 1 << 16;

fuzz_target!(|data: &[u8]| {
    let read = |records: &mut dyn Iterator<
        Item = Result<parallax_ingest::warc::WarcRecord, parallax_ingest::IngestError>,
    >| {
        for (i, r) in records.enumerate() {
            assert!(i < 100_000);
            if let Ok(rec) = r {
                assert!(rec.block.len() <= CAP);
                if let Some(Ok(p)) = rec.http(CAP) {
                    assert!(p.body.len() <= CAP.max(rec.block.len()));
                }
            }
        }
    };
    read(&mut WarcReader::new(data, CAP));
    if parallax_ingest::decompress::is_gzip(data) {
        let gz = BufReader::new(flate2::bufread::MultiGzDecoder::new(data));
        read(&mut WarcReader::new(gz, CAP));
    }
});
