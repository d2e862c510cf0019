//! The `kairos` command: serve, migrate, create-admin, openapi.

use clap::{Parser, Subcommand, ValueEnum};
use kairos_server::platform::http::openapi;
use kairos_server::platform::{bootstrap, telemetry};
use kairos_server::{Application, Config, app};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "kairos", version, about = "Kairos scheduling server")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the server (API, Swagger UI and the web app); migrations run first.
    Serve {
        /// Adds demo accounts (and demo data) and prints how to log in.
        #[arg(long)]
        demo: bool,
    },
    /// Applies, rolls back or lists database migrations.
    Migrate {
        #[arg(value_enum, default_value_t = MigrateAction::Up)]
        action: MigrateAction,
        /// With `down`: how many migrations to roll back (default: all).
        #[arg(long)]
        steps: Option<u32>,
    },
    /// Creates an admin account (or makes an existing account an admin with this password).
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long)]
        name: Option<String>,
    },
    /// Solves a scheduling instance (docs/scheduling.md §5 JSON) and prints the solution JSON.
    Solve {
        /// The instance file (`-` for standard input).
        instance: PathBuf,
        /// Adds each assignment's confidence and reason, and each unassigned event's exception type.
        #[arg(long)]
        explain: bool,
    },
    /// Fills the database with bulk data for load tests (see bench/load.sh).
    SeedLoad {
        #[arg(long, default_value_t = 200)]
        employees: usize,
        #[arg(long, default_value_t = 100_000)]
        events: usize,
        #[arg(long, default_value_t = 20_000)]
        schedules: usize,
    },
    /// Prints the OpenAPI document (or writes it to a file).
    Openapi {
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum MigrateAction {
    Up,
    Down,
    Status,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `solve` is pure computation: it starts no runtime, so its time is the solver's.
    let outcome = match &cli.command {
        Command::Solve { instance, explain } => solve(instance, *explain),
        _ => match tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime.block_on(run(cli)),
            Err(e) => Err(format!("cannot start the runtime: {e}").into()),
        },
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `kairos solve`: reads an instance (a path, or `-` for standard input) and prints its
/// solution, with `--explain` each assignment's confidence and reason too.
fn solve(instance: &std::path::Path, explain: bool) -> Result<(), app::StartupError> {
    let text = if instance.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())?
    } else {
        std::fs::read_to_string(instance)
            .map_err(|e| format!("cannot read {}: {e}", instance.display()))?
    };
    let parsed: kairos_domain::workforce::instance::Instance = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a scheduling instance: {e}", instance.display()))?;
    let problems = parsed.problems();
    if !problems.is_empty() {
        return Err(format!(
            "{} cannot be solved:\n  {}",
            instance.display(),
            problems.join("\n  ")
        )
        .into());
    }
    let out = if explain {
        serde_json::to_string(&kairos_domain::workforce::solver::solve_explained(&parsed))?
    } else {
        serde_json::to_string(&kairos_domain::workforce::solver::solve(&parsed))?
    };
    println!("{out}");
    Ok(())
}

async fn run(cli: Cli) -> Result<(), app::StartupError> {
    if let Command::Openapi { output } = &cli.command {
        let text = openapi::document_text(app::registry());
        match output {
            Some(path) => std::fs::write(path, text)?,
            None => print!("{text}"),
        }
        return Ok(());
    }
    let mut config = Config::load()?;
    telemetry::init(config.log_format);
    match cli.command {
        Command::Serve { demo } => serve(&mut config, demo).await,
        Command::Migrate { action, steps } => migrate(&config, action, steps).await,
        Command::CreateAdmin {
            email,
            password,
            name,
        } => {
            let state = app::prepare_state(config).await?;
            let created =
                bootstrap::upsert_admin(&state.db, &email, &password, name.as_deref()).await?;
            println!(
                "{} admin {email}",
                if created { "created" } else { "updated" }
            );
            Ok(())
        }
        Command::SeedLoad {
            employees,
            events,
            schedules,
        } => {
            let state = app::prepare_state(config).await?;
            let t0 = std::time::Instant::now();
            app::seed_load(&state, employees, events, schedules).await?;
            println!(
                "seeded {employees} employees, {events} events, {schedules} schedules in {:?}",
                t0.elapsed()
            );
            Ok(())
        }
        Command::Openapi { .. } | Command::Solve { .. } => unreachable!("handled above"),
    }
}

async fn serve(config: &mut Config, demo: bool) -> Result<(), app::StartupError> {
    if demo && config.admin_email.is_none() {
        config.admin_email = Some(bootstrap::DEMO_USERS[0].0.to_owned());
        config.admin_password = Some(bootstrap::DEMO_PASSWORD.to_owned());
    }
    let state = app::prepare_state(config.clone()).await?;
    if demo {
        app::seed_demo(&state).await?;
    }
    let application = Application::build_with_state(state)?;
    let host = config.bind.rsplit_once(':').map_or("127.0.0.1", |(h, _)| h);
    let host = if host == "0.0.0.0" { "127.0.0.1" } else { host };
    let base = format!("http://{host}:{}", application.port());
    println!("\nKairos is running at {base}/");
    println!("  Web app:     {base}/");
    println!("  Swagger UI:  {base}/swagger-ui/");
    println!("  OpenAPI:     {base}/api/v1/openapi.json");
    if demo {
        let admin = config.admin_email.as_deref().unwrap_or("admin@example.com");
        let password = if admin == bootstrap::DEMO_USERS[0].0 {
            bootstrap::DEMO_PASSWORD
        } else {
            "(KAIROS_ADMIN_PASSWORD)"
        };
        println!("  Log in as:   {admin} / {password}");
        println!(
            "  Demo users:  manager@example.com, member@example.com, viewer@example.com / {}",
            bootstrap::DEMO_PASSWORD
        );
    }
    println!("Stop with Ctrl-C.\n");
    application.run_until_stopped().await?;
    Ok(())
}

async fn migrate(
    config: &Config,
    action: MigrateAction,
    steps: Option<u32>,
) -> Result<(), app::StartupError> {
    std::fs::create_dir_all(&config.data_dir)?;
    let db = kairos_store::connect(&config.effective_database_url(), 2).await?;
    match action {
        MigrateAction::Up => {
            kairos_store::migrate_up(&db).await?;
            println!("migrations applied");
        }
        MigrateAction::Down => {
            kairos_store::migrate_down(&db, steps).await?;
            println!("migrations rolled back");
        }
        MigrateAction::Status => {
            for (name, applied) in kairos_store::migration_status(&db).await? {
                println!("{} {name}", if applied { "applied" } else { "pending" });
            }
        }
    }
    Ok(())
}
