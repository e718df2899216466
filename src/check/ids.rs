//! `duplicate-id`: two entities of one kind share an id.

use std::collections::HashMap;

use super::Cx;
use crate::finding::Finding;
use crate::load::FileId;
use crate::model::Kind;
use crate::model::value::Sp;

pub fn check(cx: &mut Cx) {
    let model = cx.model;
    for kind in Kind::ALL {
        let mut first: HashMap<&str, (FileId, &Sp<String>)> = HashMap::new();
        for (file, _, id) in model.ids(kind) {
            let Some(&(first_file, first_id)) = first.get(id.value.as_str()) else {
                first.insert(&id.value, (file, id));
                continue;
            };
            let finding = Finding::new(
                "duplicate-id",
                cx.at(file, &id.span),
                format!("{} id `{}` is already used", kind.table(), id.value),
            )
            .label(cx.at(first_file, &first_id.span), "first defined here")
            .help("give one of them another id (ids must be unique within a kind)")
            .subject(id.value.clone());
            cx.push(finding);
        }
    }
}
