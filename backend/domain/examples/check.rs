//! Checks a solution against an instance with the domain's rule checker:
//! `check instance.json solution.json`; exit 1 when any proposal breaks a rule.

use std::process::ExitCode;

use kairos_domain::workforce::instance::{Instance, Solution};
use kairos_domain::workforce::rules::Checker;

fn read<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [instance, solution] = args.as_slice() else {
        eprintln!("usage: check instance.json solution.json");
        return ExitCode::from(2);
    };
    let (instance, solution): (Instance, Solution) = match (read(instance), read(solution)) {
        (Ok(i), Ok(s)) => (i, s),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("check: {e}");
            return ExitCode::from(2);
        }
    };
    let mut checker = Checker::new(&instance);
    let mut broken = 0;
    for a in &solution.assignments {
        for v in checker.check(a) {
            broken += 1;
            println!("event {}: {:?}: {}", a.event_ref, v.code, v.message);
        }
        checker.accept(a);
    }
    println!(
        "{} assignments, {broken} broken rules",
        solution.assignments.len()
    );
    if broken == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
