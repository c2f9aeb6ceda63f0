//! `disclose`: the command line, for headless and batch work and for tests.
//! Its subcommands, flags and JSON shapes are a contract (see the README).
//! Exit codes: 0 ok, 1 error, 2 usage.

use clap::Parser;

/// Find, review and truly redact exempt fields in public records releases.
#[derive(Parser)]
#[command(name = "disclose", version, about)]
struct Cli {}

fn main() {
    // clap exits with 2 on a usage error, as the contract requires.
    let _cli = Cli::parse();
}
