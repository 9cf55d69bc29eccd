//! Fuzzing the link and JSON decoders with property tests: random bytes, mutated real links
//! (plain and deflated), truncations, wrong versions, invalid UTF-8, huge numbers, deep nesting
//! and decompression bombs. Every input must give a value or an error, never a panic or a hang.
//! `FUZZ_CASES=200000 cargo test --release --test codec_fuzz -- --nocapture` runs it longer and
//! prints how long it ran.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use kafka_playground::engine::Rng;
use kafka_playground::lessons::{lesson_scenario, LESSONS};
use kafka_playground::scenario::{CodecError, Scenario};
use std::time::Instant;

fn cases() -> u64 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000)
}

/// Real links to mutate: every lesson (plain or deflated, whichever is shorter) and the default.
fn seeds() -> Vec<String> {
    let mut links: Vec<String> = LESSONS
        .iter()
        .map(|l| lesson_scenario(l).to_fragment())
        .collect();
    links.push(Scenario::default().to_fragment());
    links
}

fn deflated(json: &str) -> String {
    format!(
        "v1z.{}",
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6))
    )
}

#[test]
fn every_lesson_link_is_deflated_and_round_trips() {
    for lesson in LESSONS {
        let s = lesson_scenario(lesson);
        let fragment = s.to_fragment();
        assert!(
            fragment.starts_with("v1z.") || fragment.len() < 60,
            "{}: {fragment}",
            lesson.id
        );
        assert_eq!(
            Scenario::from_fragment(&fragment).unwrap().scenario,
            s,
            "{}",
            lesson.id
        );
        // The plain form still reads, for links made before compression.
        let plain = format!("v1.{}", URL_SAFE_NO_PAD.encode(s.to_json()));
        assert_eq!(
            Scenario::from_fragment(&plain).unwrap().scenario,
            s,
            "{}",
            lesson.id
        );
    }
}

#[test]
fn hostile_inputs_are_refused_with_a_reason() {
    let bomb = deflated(&" ".repeat(10_000_000));
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let cases: Vec<(String, &str)> = vec![
        (bomb, "over 262144 bytes"),
        ("v1z.AAAA".to_string(), "does not unpack"),
        ("v1z.".to_string(), "does not unpack"),
        (
            format!("v1z.{}", URL_SAFE_NO_PAD.encode([0xff, 0xfe, 0x00])),
            "damaged",
        ),
        (
            format!("v1.{}", URL_SAFE_NO_PAD.encode([0xff, 0xfe, 0x00])),
            "not UTF-8",
        ),
        (deflated(&deep), "not valid"),
        (
            deflated(r#"{"version":1,"topic":{"partitions":1000000000}}"#),
            "topic.partitions",
        ),
        (
            deflated(r#"{"version":1,"seed":123456789012345678901234567890}"#),
            "seed: expected a whole number up to 18446744073709551615",
        ),
        (
            deflated(r#"{"version":1,"view":{"speed":1e400}}"#),
            "not valid",
        ),
        (
            deflated(r#"{"version":1,"groups":[{"members":[{"name":""}]}]}"#),
            "groups[0]",
        ),
        ("v2z.AAAA".to_string(), "version 2"),
        ("vz.AAAA".to_string(), "not a playground link"),
    ];
    for (input, needle) in cases {
        let err: CodecError =
            Scenario::from_fragment(&input).expect_err(&input[..input.len().min(60)]);
        assert!(
            err.to_string().contains(needle),
            "{}: expected {needle:?} in {err}",
            &input[..input.len().min(60)]
        );
    }
}

/// Mutates real links byte by byte (flips, truncations, insertions, both encodings) and feeds
/// random strings; prints the rate so a longer run can be reported.
#[test]
fn mutated_and_random_links_never_panic() {
    let seeds = seeds();
    let mut rng = Rng::new(0xf022);
    let n = cases();
    let start = Instant::now();
    let mut decoded = 0u64;
    for i in 0..n {
        let base = &seeds[rng.below(seeds.len() as u64) as usize];
        let mut bytes = base.clone().into_bytes();
        for _ in 0..1 + rng.below(4) {
            match rng.below(5) {
                0 if !bytes.is_empty() => {
                    let at = rng.below(bytes.len() as u64) as usize;
                    bytes[at] = rng.below(256) as u8;
                }
                1 => bytes.truncate(rng.below(bytes.len() as u64 + 1) as usize),
                2 => {
                    let at = rng.below(bytes.len() as u64 + 1) as usize;
                    bytes.insert(at, b"AZaz09-_.=#"[rng.below(11) as usize]);
                }
                3 if !bytes.is_empty() => {
                    let at = rng.below(bytes.len() as u64) as usize;
                    bytes.remove(at);
                }
                _ => {
                    // Re-encode a mutated payload, so the mutation reaches the JSON inside.
                    if let Ok(d) = Scenario::from_fragment(base) {
                        let mut json = d.scenario.to_json().into_bytes();
                        if !json.is_empty() {
                            let at = rng.below(json.len() as u64) as usize;
                            json[at] = b"{}[]\",:0123456789-e.tfn "[rng.below(24) as usize];
                        }
                        let text = String::from_utf8_lossy(&json).into_owned();
                        bytes = if i % 2 == 0 {
                            deflated(&text)
                        } else {
                            format!("v1.{}", URL_SAFE_NO_PAD.encode(&text))
                        }
                        .into_bytes();
                    }
                }
            }
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        // The page's reader keeps what it can; whatever it keeps must itself be valid.
        if let Ok(d) = Scenario::from_fragment_salvaging(&text) {
            assert!(d.scenario.validate().is_ok());
        }
        if let Ok(d) = Scenario::from_fragment(&text) {
            decoded += 1;
            // Whatever decodes also re-encodes to itself.
            assert_eq!(
                Scenario::from_fragment(&d.scenario.to_fragment())
                    .unwrap()
                    .scenario,
                d.scenario
            );
        }
        let random: String = (0..rng.below(200))
            .map(|_| char::from(32 + rng.below(95) as u8))
            .collect();
        let _ = Scenario::from_fragment(&random);
        let _ = Scenario::from_json(&random);
    }
    let secs = start.elapsed().as_secs_f64();
    println!("codec fuzz: {n} mutated links + {n} random strings in {secs:.1} s ({decoded} mutated links still decoded)");
}
