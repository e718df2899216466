//! Template values built directly as minijinja values. A view was a JSON object
//! converted key by key for every page (a third of a build); a [`Record`] is a fixed
//! list of named fields that templates read in place, and shared ones are cloned by
//! reference count.

use std::fmt;
use std::sync::{Arc, OnceLock};

use minijinja::Value;
use minijinja::value::{Enumerator, Object};

/// Named fields, in the order they were given (as the JSON objects had them).
pub struct Record {
    keys: &'static [&'static str],
    values: Box<[Value]>,
    /// A fingerprint of the values, computed once: the same records (a section list,
    /// a person) are passed to cached fragments on every page.
    fingerprint: OnceLock<u64>,
}

impl Record {
    /// A record of `keys` paired in order with `values`.
    pub fn value(keys: &'static [&'static str], values: Vec<Value>) -> Value {
        debug_assert_eq!(keys.len(), values.len());
        Value::from_object(Record {
            keys,
            values: values.into_boxed_slice(),
            fingerprint: OnceLock::new(),
        })
    }

    /// The record's fingerprint, computed by `compute` the first time it is asked for.
    pub fn fingerprint(&self, compute: impl FnOnce(&[Value]) -> u64) -> u64 {
        *self.fingerprint.get_or_init(|| compute(&self.values))
    }
}

impl fmt::Debug for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.keys.iter().zip(&*self.values))
            .finish()
    }
}

impl Object for Record {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        // A handful of fields: a scan beats hashing the key.
        let key = key.as_str()?;
        let at = self.keys.iter().position(|k| *k == key)?;
        Some(self.values[at].clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(self.keys)
    }
}

/// The names every template sees, in the order of [`Context`]'s values.
const CONTEXT_KEYS: [&str; 6] = ["root", "site", "title", "url", "sections", "content"];

/// A template's context: the values every page gets and the page's own `data`,
/// looked up in place. (minijinja's merge of two maps searched both through its
/// generic interface for every name a template read: a tenth of a page's chrome.)
pub struct Context {
    common: [Value; 6],
    data: Value,
}

impl Context {
    /// The context of a page at `url` (reached from the site root through `root`).
    pub fn value(
        site: Value,
        root: &str,
        url: &str,
        title: &str,
        sections: Value,
        content: Option<String>,
        data: Value,
    ) -> Value {
        // `root` is only "../" repeated: safe as it is, so it is written unescaped.
        let common = [
            Value::from_safe_string(root.to_string()),
            site,
            Value::from(title),
            Value::from(url),
            sections,
            Value::from(content.map(Value::from_safe_string)),
        ];
        Value::from_object(Context { common, data })
    }
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(CONTEXT_KEYS.iter().zip(&self.common))
            .entry(&"data", &self.data)
            .finish()
    }
}

impl Object for Context {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let name = key.as_str()?;
        match CONTEXT_KEYS.iter().position(|k| *k == name) {
            Some(at) => Some(self.common[at].clone()),
            None => self.data.get_item(key).ok().filter(|v| !v.is_undefined()),
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let own = self.data.try_iter().into_iter().flatten();
        let keys: Vec<Value> = CONTEXT_KEYS
            .iter()
            .map(|k| Value::from(*k))
            .chain(own)
            .collect();
        Enumerator::Values(keys)
    }
}

/// `record! { "title" => title, "url" => url }`: a [`Record`] whose values are
/// converted with `minijinja::Value::from` (`None` becomes `none`, as JSON's null did).
macro_rules! record {
    ($($key:literal => $value:expr),* $(,)?) => {
        $crate::site::record::Record::value(
            &[$($key),*],
            vec![$(minijinja::Value::from($value)),*],
        )
    };
}
pub(crate) use record;

/// A list of values, for a template to loop over.
pub fn list(values: impl IntoIterator<Item = Value>) -> Value {
    Value::from(values.into_iter().collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_context_reads_its_own_names_first_then_the_data() {
        let data = record! {"page" => "P", "title" => "data's title"};
        let sections = list([Value::from("goals")]);
        let context = Context::value(
            Value::from("S"),
            "../../",
            "a/b.html",
            "T",
            sections,
            None,
            data,
        );
        let get = |name: &str| context.get_attr(name).unwrap();
        assert_eq!(get("title").as_str(), Some("T"));
        assert_eq!(get("page").as_str(), Some("P"));
        assert_eq!(get("root").as_str(), Some("../../"));
        assert!(get("root").is_safe(), "root is written unescaped");
        assert!(get("content").is_none());
        assert!(get("missing").is_undefined());
        let names: Vec<String> = context.try_iter().unwrap().map(|k| k.to_string()).collect();
        assert!(
            names.starts_with(&["root".into(), "site".into()]),
            "{names:?}"
        );
        assert!(names.contains(&"page".to_string()), "{names:?}");
    }
}
