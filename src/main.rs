//! The one binary: on wasm32 it starts the Yew app (Trunk builds it), natively it is the CLI.

#[cfg(target_arch = "wasm32")]
fn main() {
    kafka_playground::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    kafka_playground::cli::main()
}
