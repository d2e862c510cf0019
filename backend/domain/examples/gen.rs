//! Prints an instance of this crate's own generator (`bench_gen.rs`, the one the criterion
//! benches use) as JSON: `gen SEED EMPLOYEES EVENTS DAYS [retail|dense]`.

use std::process::ExitCode;

use kairos_domain::workforce::bench_gen::{Profile, generate};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize| args.get(i).and_then(|v| v.parse::<u64>().ok());
    let (Some(seed), Some(employees), Some(events), Some(days)) = (num(0), num(1), num(2), num(3))
    else {
        eprintln!("usage: gen SEED EMPLOYEES EVENTS DAYS [retail|dense]");
        return ExitCode::from(2);
    };
    let profile = match args.get(4).map(String::as_str) {
        None | Some("retail") => Profile::Retail,
        Some("dense") => Profile::Dense,
        Some(other) => {
            eprintln!("gen: unknown profile {other}");
            return ExitCode::from(2);
        }
    };
    let instance = generate(
        seed,
        employees as usize,
        events as usize,
        days as usize,
        profile,
    );
    match serde_json::to_string(&instance) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen: {e}");
            ExitCode::FAILURE
        }
    }
}
