//! Template values built directly as minijinja values. A view was a JSON object
//! converted key by key for every page (a third of a build); a [`Record`] is a fixed
//! list of named fields that templates read in place, and shared ones are cloned by
//! reference count.

use std::fmt;
use std::sync::Arc;

use minijinja::Value;
use minijinja::value::{Enumerator, Object};

/// Named fields, in the order they were given (as the JSON objects had them).
pub struct Record {
    keys: &'static [&'static str],
    values: Box<[Value]>,
}

impl Record {
    /// A record of `keys` paired in order with `values`.
    pub fn value(keys: &'static [&'static str], values: Vec<Value>) -> Value {
        debug_assert_eq!(keys.len(), values.len());
        Value::from_object(Record {
            keys,
            values: values.into_boxed_slice(),
        })
    }

    pub fn values(&self) -> &[Value] {
        &self.values
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
