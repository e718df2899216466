//! The floor for `opsctl build`: render every Markdown page of a corpus with
//! pulldown-cmark alone and write it out, on two threads. Nothing else.
//!
//! cargo build --release --example render_floor
//! target/release/examples/render_floor CORPUS_DIR OUT_DIR

use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable corpus") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, corpus, out] = args.as_slice() else {
        eprintln!("usage: render_floor CORPUS_DIR OUT_DIR");
        std::process::exit(2);
    };
    let (corpus, out) = (Path::new(corpus), Path::new(out));
    let mut files = Vec::new();
    markdown_files(corpus, &mut files);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("pool");
    let started = std::time::Instant::now();
    pool.install(|| {
        files.par_iter().for_each(|path| {
            let text = std::fs::read_to_string(path).expect("utf-8 page");
            let body = match text
                .strip_prefix("+++\n")
                .and_then(|rest| rest.split_once("\n+++\n"))
            {
                Some((_, body)) => body,
                None => text.as_str(),
            };
            let mut html = String::with_capacity(body.len() * 3 / 2);
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(body, opsctl::load::markdown::options()),
            );
            let target = out
                .join(path.strip_prefix(corpus).expect("inside"))
                .with_extension("html");
            std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            std::fs::write(target, html).expect("write");
        });
    });
    println!(
        "{} pages in {:.3} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
}
