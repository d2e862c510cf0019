//! Solves an instance file and prints the solution JSON: `solve [--explain] instance.json`.

use std::process::ExitCode;
use std::time::Instant;

use kairos_domain::instance::Instance;
use kairos_domain::solver::{solve, solve_explained};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let explain = args.iter().any(|a| a == "--explain");
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: solve [--explain] instance.json");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("solve: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let instance: Instance = match serde_json::from_str(&text) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("solve: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let json = if explain {
        let s = solve_explained(&instance);
        eprintln!(
            "assigned {} unassigned {}",
            s.assignments.len(),
            s.unassigned.len()
        );
        serde_json::to_string_pretty(&s)
    } else {
        let s = solve(&instance);
        eprintln!(
            "assigned {} unassigned {}",
            s.assignments.len(),
            s.unassigned.len()
        );
        serde_json::to_string_pretty(&s)
    };
    eprintln!("solve_ms {:.3}", started.elapsed().as_secs_f64() * 1000.0);
    match json {
        Ok(j) => {
            println!("{j}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("solve: {e}");
            ExitCode::FAILURE
        }
    }
}
