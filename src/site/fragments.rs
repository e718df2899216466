//! `cached("person", owner, root)`: a macro of macros.html called once per distinct
//! arguments and its markup reused. A macro call costs a few thousand instructions and
//! importing macros.html for a page ten times that, while the same few fragments (a
//! person's link, a status badge, the section links) repeat on every page and row.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use minijinja::value::Rest;
use minijinja::{Environment, Error, ErrorKind, State, Value, context};

use super::record::Record;

/// The embedded macros.html, for a macro that a repository's older copy lacks.
pub const DEFAULT_MACROS: &str = "opsctl/macros.html";

type Hasher64 = foldhash::fast::FixedState;

/// A macro call made before: its name and arguments, and the markup it gave.
struct Call {
    name: String,
    args: Vec<Value>,
    html: Value,
}

/// The fingerprint of a macro's name and arguments, from their content: equal
/// arguments find the fragment whatever built them. minijinja's own hash of a value
/// walks it through its generic interface, which cost more than the macro call.
fn call_fingerprint(name: &str, args: &[Value]) -> u64 {
    let mut hasher = Hasher64::default().build_hasher();
    name.hash(&mut hasher);
    for arg in args {
        fingerprint(&mut hasher, arg);
    }
    hasher.finish()
}

/// Feeds `value` to `hasher`: records (once per record, as the same ones come back
/// page after page) and lists by their items, the rest (strings, numbers, none) as
/// minijinja hashes them.
fn fingerprint(hasher: &mut impl Hasher, value: &Value) {
    if let Some(record) = value.downcast_object_ref::<Record>() {
        let own = record.fingerprint(|values| {
            let mut hasher = Hasher64::default().build_hasher();
            values.len().hash(&mut hasher);
            values.iter().for_each(|v| fingerprint(&mut hasher, v));
            hasher.finish()
        });
        (0u8, own).hash(hasher);
    } else if let Some(items) = value.downcast_object_ref::<Vec<Value>>() {
        (1u8, items.len()).hash(hasher);
        items.iter().for_each(|v| fingerprint(hasher, v));
    } else {
        value.hash(hasher);
    }
}

/// Rendered fragments by the fingerprint of their call (calls whose fingerprints
/// collide are told apart by their name and arguments).
#[derive(Default)]
struct Cache(Mutex<HashMap<u64, Vec<Call>, Hasher64>>);

impl Cache {
    fn fragment(&self, state: &State, name: &str, args: &[Value]) -> Result<Value, Error> {
        let fingerprint = call_fingerprint(name, args);
        self.fragment_at(fingerprint, name, args, || render(state, name, args))
    }

    /// The fragment of the call `name(args)` whose fingerprint is `fingerprint`,
    /// made by `render` the first time.
    fn fragment_at(
        &self,
        fingerprint: u64,
        name: &str,
        args: &[Value],
        render: impl FnOnce() -> Result<String, Error>,
    ) -> Result<Value, Error> {
        // Shared values (people, the section list) compare by identity first.
        let known = |call: &&Call| call.name == name && call.args == args;
        if let Some(calls) = self.lock().get(&fingerprint) {
            if let Some(call) = calls.iter().find(known) {
                return Ok(call.html.clone());
            }
        }
        // Not under the lock: a macro may itself call `cached`. Two threads may both
        // render a fragment the first time; they render the same markup.
        let html = Value::from_safe_string(render()?);
        let mut cache = self.lock();
        let calls = cache.entry(fingerprint).or_default();
        if !calls.iter().any(|call| known(&call)) {
            calls.push(Call {
                name: name.to_string(),
                args: args.to_vec(),
                html: html.clone(),
            });
        }
        Ok(html)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Vec<Call>, Hasher64>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Calls macro `name` of macros.html (the default's when an override lacks it). The
/// macros see their arguments and `site`, not the page: the markup is shared.
fn render(state: &State, name: &str, args: &[Value]) -> Result<String, Error> {
    let env = state.env();
    let context = context! { site => state.lookup("site") };
    for template in ["macros.html", DEFAULT_MACROS] {
        let mut macros = env
            .get_template(template)?
            .render_captured(context.clone())?;
        if macros.state().lookup(name).is_some() {
            return macros.with_state_mut(|state| state.call_macro(name, args));
        }
    }
    Err(Error::new(
        ErrorKind::UnknownFunction,
        format!("macros.html has no macro {name}"),
    ))
}

/// Adds `cached(name, args...)` to `env`, with a cache that lives as long as it.
pub fn register(env: &mut Environment<'static>) {
    let cache = Arc::new(Cache::default());
    env.add_function(
        "cached",
        move |state: &State, name: &str, args: Rest<Value>| cache.fragment(state, name, &args),
    );
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::site::record::record;

    fn person(id: &str) -> Value {
        record! {"id" => id, "name" => id.to_uppercase()}
    }

    #[test]
    fn equal_arguments_share_one_fragment_and_different_ones_do_not() {
        let cache = Cache::default();
        let renders = Cell::new(0);
        let call = |args: &[Value]| {
            let fingerprint = call_fingerprint("person", args);
            cache.fragment_at(fingerprint, "person", args, || {
                renders.set(renders.get() + 1);
                Ok(format!("<a>{}</a>", args[0].get_attr("name").unwrap()))
            })
        };
        // Two records built apart, with the same fields: one render.
        let first = call(&[person("ana"), Value::from("../")]).unwrap();
        let again = call(&[person("ana"), Value::from("../")]).unwrap();
        assert_eq!(
            (first.as_str(), again.as_str()),
            (Some("<a>ANA</a>"), Some("<a>ANA</a>"))
        );
        assert_eq!(renders.get(), 1);
        // Another person, or the same one from another folder: rendered anew.
        assert_eq!(
            call(&[person("bo"), Value::from("../")]).unwrap().as_str(),
            Some("<a>BO</a>")
        );
        call(&[person("ana"), Value::from("")]).unwrap();
        assert_eq!(renders.get(), 3);
        assert_ne!(
            call_fingerprint("person", &[person("ana")]),
            call_fingerprint("badge", &[person("ana")])
        );
    }

    #[test]
    fn calls_whose_fingerprints_collide_keep_their_own_fragments() {
        let cache = Cache::default();
        let call = |name: &str, html: &str| {
            let html = html.to_string();
            cache.fragment_at(7, name, &[person("ana")], || Ok(html))
        };
        assert_eq!(call("person", "<a>").unwrap().as_str(), Some("<a>"));
        assert_eq!(call("badge", "<b>").unwrap().as_str(), Some("<b>"));
        // Both are known now: neither is rendered again (the new markup is ignored).
        assert_eq!(call("person", "x").unwrap().as_str(), Some("<a>"));
        assert_eq!(call("badge", "y").unwrap().as_str(), Some("<b>"));
    }
}
