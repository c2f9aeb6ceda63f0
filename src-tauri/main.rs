//! The Disclose desktop app's entry point.

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    disclose_desktop::run();
}
