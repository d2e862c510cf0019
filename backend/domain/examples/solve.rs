//! Solves an instance file and prints the solution JSON:
//! `solve [--explain] [--greedy] [--moves N] [--max-moves M] [--seed S] instance.json`
//! (N: local-search moves per event; `--greedy`: the earliest-due greedy alone).

use std::process::ExitCode;
use std::time::Instant;

use kairos_domain::workforce::instance::Instance;
use kairos_domain::workforce::solver::{SolverOptions, solve_explained_with, solve_with};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let explain = args.iter().any(|a| a == "--explain");
    let mut options = SolverOptions::default();
    let mut path = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--explain" => {}
            "--greedy" => options.greedy_only = true,
            "--moves" => match it.next().and_then(|v| v.parse().ok()) {
                Some(n) => options.moves_per_event = n,
                None => return usage(),
            },
            "--max-moves" => match it.next().and_then(|v| v.parse().ok()) {
                Some(n) => options.max_moves = n,
                None => return usage(),
            },
            "--seed" => match it.next().and_then(|v| v.parse().ok()) {
                Some(n) => options.seed = n,
                None => return usage(),
            },
            _ if path.is_none() && !a.starts_with("--") => path = Some(a.clone()),
            _ => return usage(),
        }
    }
    let Some(path) = path else {
        return usage();
    };
    let text = match std::fs::read_to_string(&path) {
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
    let problems = instance.problems();
    if !problems.is_empty() {
        eprintln!(
            "solve: {path} cannot be solved:\n  {}",
            problems.join("\n  ")
        );
        return ExitCode::from(2);
    }
    let started = Instant::now();
    let json = if explain {
        let s = solve_explained_with(&instance, options);
        eprintln!(
            "assigned {} unassigned {}",
            s.assignments.len(),
            s.unassigned.len()
        );
        serde_json::to_string_pretty(&s)
    } else {
        let s = solve_with(&instance, options);
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

fn usage() -> ExitCode {
    eprintln!(
        "usage: solve [--explain] [--greedy] [--moves N] [--max-moves M] [--seed S] instance.json"
    );
    ExitCode::from(2)
}
