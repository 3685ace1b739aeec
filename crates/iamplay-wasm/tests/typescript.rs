//! The npm package's TypeScript types, generated from the Rust types, and proof that they match what the API
//! really returns.
//!
//! The generator reads `crates/iamplay-core/src` with `syn`, starts from the answer types of
//! `iamplay_core::ffi`, follows every type they reach, and writes each as TypeScript the way serde serializes
//! it (`rename_all`, `rename`, `tag`/`content`, `untagged`, `flatten`, `skip_serializing_if`; `Option` is
//! `T | null`). Core spans are written as `Utf16Span`, because the ffi converts them. Anything the generator
//! does not understand (a hand-written `Serialize`, an unknown serde attribute) fails the test rather than
//! being guessed.
//!
//! `src/types.d.ts` is the committed output; wasm-bindgen copies it into the package's `.d.ts`.
//! `types_file_is_up_to_date` fails when it is stale; regenerate with
//! `IAMPLAY_BLESS=1 cargo test -p iamplay-wasm --test typescript` (`make npm` does).
//! `real_answers_match_the_generated_types` validates real answers against the same type model.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------------------------
// The type model

#[derive(Debug, Clone, PartialEq)]
enum Ty {
    String,
    Number,
    Boolean,
    Null,
    Unknown,
    Literal(String),
    Array(Box<Ty>),
    Tuple(Vec<Ty>),
    Record(Box<Ty>),
    Ref(String, Vec<Ty>),
    Param(String),
    Object(Vec<Field>),
    Union(Vec<Ty>),
    Intersection(Vec<Ty>),
}

#[derive(Debug, Clone, PartialEq)]
struct Field {
    name: String,
    ty: Ty,
    /// Left out of the JSON in some cases (`skip_serializing_if`).
    optional: bool,
    doc: Vec<String>,
}

#[derive(Debug, Clone)]
struct Decl {
    name: String,
    params: Vec<String>,
    doc: Vec<String>,
    ty: Ty,
}

/// The types the API returns or takes, in the order the file lists them.
const ROOTS: &[&str] = &[
    "Answer",
    "Failure",
    "CheckScenarioSuccess",
    "MatrixSuccess",
    "ExplainSuccess",
    "LintSuccess",
    "ParsePolicySuccess",
    "VersionSuccess",
    "RegisterManagedPoliciesSuccess",
    "ManagedPoliciesSuccess",
    "ManagedPolicySuccess",
    "FixReport",
    "ScenarioDiff",
    "Tightened",
    "PolicyKind",
    "WhoCanSuccess",
    "WhatCanSuccess",
    "AccessSuccess",
    "LoadSuccess",
    "DecideSuccess",
    "ImportAwsSuccess",
    "ImportInput",
    "ImportOptions",
];

/// Fields written by a hand-written serializer (`serialize_with`), which the generator cannot read: their
/// type, as `(type, field)`. `real_answers_match_the_generated_types` checks these against real answers too.
fn field_override(owner: &str, field: &str) -> Option<Ty> {
    match (owner, field) {
        // matrix.rs `serialize_context`: the context's keys (as written) and values, `{}` when there is none.
        ("MatrixColumn", "context") => Some(Ty::Record(Box::new(Ty::Ref(
            "ContextValue".into(),
            Vec::new(),
        )))),
        _ => None,
    }
}

/// Core types the ffi rewrites before JS sees them.
const SUBSTITUTES: &[(&str, &str)] = &[("Span", "Utf16Span"), ("Position", "Utf16Position")];

// ---------------------------------------------------------------------------------------------------------
// Reading the Rust source

fn core_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../iamplay-core/src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

enum Item {
    Struct(syn::ItemStruct),
    Enum(syn::ItemEnum),
}

fn derives_serialize(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("derive") && {
            let mut found = false;
            let _ = attr.parse_nested_meta(|meta| {
                found |= meta
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "Serialize");
                Ok(())
            });
            found
        }
    })
}

fn is_test_module(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "test")
    })
}

fn collect_items(
    items: Vec<syn::Item>,
    file: &Path,
    out: &mut BTreeMap<String, Vec<(PathBuf, Item)>>,
) {
    for item in items {
        match item {
            syn::Item::Struct(item) if derives_serialize(&item.attrs) => out
                .entry(item.ident.to_string())
                .or_default()
                .push((file.to_path_buf(), Item::Struct(item))),
            syn::Item::Enum(item) if derives_serialize(&item.attrs) => out
                .entry(item.ident.to_string())
                .or_default()
                .push((file.to_path_buf(), Item::Enum(item))),
            syn::Item::Mod(module) if !is_test_module(&module.attrs) => {
                if let Some((_, items)) = module.content {
                    collect_items(items, file, out);
                }
            }
            _ => {}
        }
    }
}

/// Every `Serialize` struct and enum of the core, by name.
fn serialize_items() -> BTreeMap<String, Vec<(PathBuf, Item)>> {
    let mut files = Vec::new();
    rust_files(&core_src(), &mut files);
    let mut items = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable source");
        let parsed = syn::parse_file(&text)
            .unwrap_or_else(|error| panic!("cannot parse {}: {error}", file.display()));
        collect_items(parsed.items, &file, &mut items);
    }
    items
}

// ---------------------------------------------------------------------------------------------------------
// serde attributes

#[derive(Default)]
struct SerdeAttrs {
    rename: Option<String>,
    rename_all: Option<String>,
    tag: Option<String>,
    content: Option<String>,
    untagged: bool,
    flatten: bool,
    skip: bool,
    skip_serializing_if: bool,
    transparent: bool,
    /// A hand-written serializer: the field's type must come from `FIELD_OVERRIDES`.
    serialize_with: bool,
}

fn serde_attrs(attrs: &[syn::Attribute], context: &str) -> SerdeAttrs {
    let mut out = SerdeAttrs::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let name = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            let string = |meta: &syn::meta::ParseNestedMeta| -> syn::Result<String> {
                Ok(meta.value()?.parse::<syn::LitStr>()?.value())
            };
            match name.as_str() {
                "rename" => out.rename = Some(string(&meta)?),
                "rename_all" => out.rename_all = Some(string(&meta)?),
                "tag" => out.tag = Some(string(&meta)?),
                "content" => out.content = Some(string(&meta)?),
                "skip_serializing_if" => {
                    string(&meta)?;
                    out.skip_serializing_if = true;
                }
                "untagged" => out.untagged = true,
                "flatten" => out.flatten = true,
                "skip" | "skip_serializing" => out.skip = true,
                "transparent" => out.transparent = true,
                "serialize_with" | "with" => {
                    string(&meta)?;
                    out.serialize_with = true;
                }
                // Deserialization-only attributes do not change what is written.
                "default" | "deny_unknown_fields" | "skip_deserializing" => {
                    if meta.input.peek(syn::Token![=]) {
                        string(&meta)?;
                    }
                }
                other => {
                    panic!("{context}: serde attribute `{other}` is not supported by the generator")
                }
            }
            Ok(())
        })
        .unwrap_or_else(|error| panic!("{context}: cannot read serde attribute: {error}"));
    }
    out
}

fn doc_lines(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) => Some(js_doc(text.value().trim())),
            _ => None,
        })
        .collect()
}

/// A Rust doc line as JS readers need it: intra-doc links become code, `None` is `null` in JSON.
fn js_doc(line: &str) -> String {
    let mut out = line.replace("*/", "*\\/").replace("`None`", "`null`");
    while let Some(start) = out.find("[`") {
        let Some(length) = out.get(start..).and_then(|rest| rest.find("`]")) else {
            break;
        };
        let code = out
            .get(start + 1..start + length + 1)
            .unwrap_or_default()
            .to_string();
        out.replace_range(start..start + length + 2, &code);
    }
    out
}

fn rename(ident: &str, rule: Option<&str>, is_variant: bool, context: &str) -> String {
    let words: Vec<String> = if is_variant {
        // PascalCase → words
        let mut words = Vec::new();
        let mut current = String::new();
        for c in ident.chars() {
            if c.is_uppercase() && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            current.extend(c.to_lowercase());
        }
        words.push(current);
        words
    } else {
        ident.split('_').map(str::to_lowercase).collect()
    };
    let capitalize = |word: &String| {
        let mut chars = word.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect::<String>())
            .unwrap_or_default()
    };
    match rule {
        None => ident.to_string(),
        Some("camelCase") => words
            .iter()
            .enumerate()
            .map(|(i, word)| {
                if i == 0 {
                    word.clone()
                } else {
                    capitalize(word)
                }
            })
            .collect(),
        Some("PascalCase") => words.iter().map(capitalize).collect(),
        Some("snake_case") => words.join("_"),
        Some("lowercase") => words.concat(),
        Some("kebab-case") => words.join("-"),
        Some("SCREAMING_SNAKE_CASE") => words.join("_").to_uppercase(),
        Some(other) => panic!("{context}: rename_all = {other:?} is not supported"),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Rust types → Ty

struct Generator {
    items: BTreeMap<String, Vec<(PathBuf, Item)>>,
    queue: VecDeque<String>,
    decls: BTreeMap<String, Decl>,
    order: Vec<String>,
}

impl Generator {
    fn new() -> Self {
        Self {
            items: serialize_items(),
            queue: VecDeque::new(),
            decls: BTreeMap::new(),
            order: Vec::new(),
        }
    }

    fn run(mut self) -> (Vec<String>, BTreeMap<String, Decl>) {
        for root in ROOTS {
            self.queue.push_back((*root).to_string());
        }
        while let Some(name) = self.queue.pop_front() {
            if self.decls.contains_key(&name) {
                continue;
            }
            let decl = self.declare(&name);
            self.order.push(name.clone());
            self.decls.insert(name, decl);
        }
        (self.order, self.decls)
    }

    fn declare(&mut self, name: &str) -> Decl {
        let candidates = self.items.remove(name).unwrap_or_else(|| {
            panic!(
                "type `{name}` is reachable from the API but has no derived Serialize in the core"
            )
        });
        let [(file, item)]: [(PathBuf, Item); 1] =
            candidates
                .try_into()
                .unwrap_or_else(|all: Vec<(PathBuf, Item)>| {
                    let files: Vec<String> = all
                        .iter()
                        .map(|(file, _)| file.display().to_string())
                        .collect();
                    panic!("type `{name}` is defined more than once: {files:?}")
                });
        let context = format!("{} ({})", name, file.display());
        match item {
            Item::Struct(item) => self.struct_decl(&item, &context),
            Item::Enum(item) => self.enum_decl(&item, &context),
        }
    }

    fn type_params(generics: &syn::Generics) -> Vec<String> {
        generics
            .type_params()
            .map(|param| param.ident.to_string())
            .collect()
    }

    fn struct_decl(&mut self, item: &syn::ItemStruct, context: &str) -> Decl {
        let params = Self::type_params(&item.generics);
        let attrs = serde_attrs(&item.attrs, context);
        if attrs.tag.is_some() || attrs.untagged {
            panic!("{context}: tagged structs are not supported");
        }
        let ty = match &item.fields {
            syn::Fields::Named(fields) => {
                let owner = item.ident.to_string();
                self.object(
                    &owner,
                    fields.named.iter(),
                    attrs.rename_all.as_deref(),
                    &params,
                    context,
                )
            }
            syn::Fields::Unnamed(fields) if fields.unnamed.len() == 1 || attrs.transparent => {
                let field = fields.unnamed.first().expect("one field");
                self.ty(&field.ty, &params, context)
            }
            syn::Fields::Unnamed(fields) => Ty::Tuple(
                fields
                    .unnamed
                    .iter()
                    .map(|field| self.ty(&field.ty, &params, context))
                    .collect(),
            ),
            syn::Fields::Unit => Ty::Null,
        };
        Decl {
            name: item.ident.to_string(),
            params,
            doc: doc_lines(&item.attrs),
            ty,
        }
    }

    /// The fields of a struct or struct variant; `flatten`ed fields become an intersection.
    fn object<'f>(
        &mut self,
        owner: &str,
        fields: impl Iterator<Item = &'f syn::Field>,
        rename_all: Option<&str>,
        params: &[String],
        context: &str,
    ) -> Ty {
        let mut own = Vec::new();
        let mut flattened = Vec::new();
        for field in fields {
            let ident = field.ident.as_ref().expect("named field").to_string();
            let attrs = serde_attrs(&field.attrs, &format!("{context}.{ident}"));
            if attrs.skip {
                continue;
            }
            let mut ty = if attrs.serialize_with {
                let ty = field_override(owner, &ident).unwrap_or_else(|| {
                    panic!("{context}.{ident}: `serialize_with` needs an entry in `field_override`")
                });
                self.enqueue_refs(&ty);
                ty
            } else {
                self.ty(&field.ty, params, context)
            };
            if attrs.flatten {
                flattened.push(ty);
                continue;
            }
            // A skipped `None` is never `null`.
            if attrs.skip_serializing_if {
                if let Ty::Union(alternatives) = &ty {
                    if alternatives.len() == 2 && alternatives.last() == Some(&Ty::Null) {
                        ty = alternatives.first().cloned().expect("two alternatives");
                    }
                }
            }
            own.push(Field {
                name: attrs
                    .rename
                    .unwrap_or_else(|| rename(&ident, rename_all, false, context)),
                ty,
                optional: attrs.skip_serializing_if,
                doc: doc_lines(&field.attrs),
            });
        }
        if flattened.is_empty() {
            Ty::Object(own)
        } else {
            let mut parts = vec![Ty::Object(own)];
            parts.extend(flattened);
            Ty::Intersection(parts)
        }
    }

    fn enum_decl(&mut self, item: &syn::ItemEnum, context: &str) -> Decl {
        let params = Self::type_params(&item.generics);
        let attrs = serde_attrs(&item.attrs, context);
        let mut alternatives = Vec::new();
        for variant in &item.variants {
            let variant_context = format!("{context}::{}", variant.ident);
            let variant_attrs = serde_attrs(&variant.attrs, &variant_context);
            if variant_attrs.skip {
                continue;
            }
            let name = variant_attrs.rename.clone().unwrap_or_else(|| {
                rename(
                    &variant.ident.to_string(),
                    attrs.rename_all.as_deref(),
                    true,
                    context,
                )
            });
            let payload = match &variant.fields {
                syn::Fields::Unit => None,
                syn::Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                    let field = fields.unnamed.first().expect("one field");
                    Some((false, self.ty(&field.ty, &params, &variant_context)))
                }
                syn::Fields::Unnamed(_) => {
                    panic!("{variant_context}: tuple variants are not supported")
                }
                syn::Fields::Named(fields) => Some((
                    true,
                    self.object(
                        &variant.ident.to_string(),
                        fields.named.iter(),
                        variant_attrs.rename_all.as_deref(),
                        &params,
                        &variant_context,
                    ),
                )),
            };
            let tag_field = |tag: &str| Field {
                name: tag.to_string(),
                ty: Ty::Literal(name.clone()),
                optional: false,
                doc: Vec::new(),
            };
            let alternative = match (&attrs.tag, &attrs.content, attrs.untagged, payload) {
                (None, None, false, None) => Ty::Literal(name.clone()),
                (None, None, false, Some((_, payload))) => Ty::Object(vec![Field {
                    name: name.clone(),
                    ty: payload,
                    optional: false,
                    doc: Vec::new(),
                }]),
                (None, None, true, None) => Ty::Null,
                (None, None, true, Some((_, payload))) => payload,
                (Some(tag), None, false, None) => Ty::Object(vec![tag_field(tag)]),
                (Some(tag), None, false, Some((true, Ty::Object(mut fields)))) => {
                    fields.insert(0, tag_field(tag));
                    Ty::Object(fields)
                }
                (Some(tag), None, false, Some((_, payload))) => {
                    Ty::Intersection(vec![Ty::Object(vec![tag_field(tag)]), payload])
                }
                (Some(tag), Some(_), false, None) => Ty::Object(vec![tag_field(tag)]),
                (Some(tag), Some(content), false, Some((_, payload))) => Ty::Object(vec![
                    tag_field(tag),
                    Field {
                        name: content.clone(),
                        ty: payload,
                        optional: false,
                        doc: Vec::new(),
                    },
                ]),
                _ => panic!("{variant_context}: this enum representation is not supported"),
            };
            alternatives.push(alternative);
        }
        Decl {
            name: item.ident.to_string(),
            params,
            doc: doc_lines(&item.attrs),
            ty: Ty::Union(alternatives),
        }
    }

    fn enqueue_refs(&mut self, ty: &Ty) {
        match ty {
            Ty::Ref(name, args) => {
                self.queue.push_back(name.clone());
                args.iter().for_each(|arg| self.enqueue_refs(arg));
            }
            Ty::Array(inner) | Ty::Record(inner) => self.enqueue_refs(inner),
            Ty::Tuple(items) | Ty::Union(items) | Ty::Intersection(items) => {
                items.iter().for_each(|item| self.enqueue_refs(item))
            }
            Ty::Object(fields) => fields.iter().for_each(|field| self.enqueue_refs(&field.ty)),
            _ => {}
        }
    }

    fn ty(&mut self, ty: &syn::Type, params: &[String], context: &str) -> Ty {
        match ty {
            syn::Type::Reference(reference) => match &*reference.elem {
                syn::Type::Slice(slice) => {
                    Ty::Array(Box::new(self.ty(&slice.elem, params, context)))
                }
                inner => self.ty(inner, params, context),
            },
            syn::Type::Slice(slice) => Ty::Array(Box::new(self.ty(&slice.elem, params, context))),
            syn::Type::Array(array) => Ty::Array(Box::new(self.ty(&array.elem, params, context))),
            syn::Type::Tuple(tuple) if tuple.elems.is_empty() => Ty::Null,
            syn::Type::Tuple(tuple) => Ty::Tuple(
                tuple
                    .elems
                    .iter()
                    .map(|elem| self.ty(elem, params, context))
                    .collect(),
            ),
            syn::Type::Paren(inner) => self.ty(&inner.elem, params, context),
            syn::Type::Path(path) if path.qself.is_none() => self.path(&path.path, params, context),
            _ => panic!(
                "{context}: unsupported kind of type (not a path, reference, slice or tuple)"
            ),
        }
    }

    fn path(&mut self, path: &syn::Path, params: &[String], context: &str) -> Ty {
        let segment = path.segments.last().expect("a path has a segment");
        let name = segment.ident.to_string();
        let args: Vec<&syn::Type> = match &segment.arguments {
            syn::PathArguments::AngleBracketed(args) => args
                .args
                .iter()
                .filter_map(|arg| match arg {
                    syn::GenericArgument::Type(ty) => Some(ty),
                    _ => None,
                })
                .collect(),
            syn::PathArguments::None => Vec::new(),
            syn::PathArguments::Parenthesized(_) => {
                panic!("{context}: function types are not data")
            }
        };
        let arg = |index: usize, this: &mut Self| {
            let ty = args
                .get(index)
                .unwrap_or_else(|| panic!("{context}: `{name}` needs a type argument"));
            this.ty(ty, params, context)
        };
        match name.as_str() {
            "String" | "str" | "char" => Ty::String,
            "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64"
            | "i128" | "isize" | "f32" | "f64" => Ty::Number,
            "bool" => Ty::Boolean,
            "Option" => Ty::Union(vec![arg(0, self), Ty::Null]),
            "Vec" | "VecDeque" | "BTreeSet" | "HashSet" => Ty::Array(Box::new(arg(0, self))),
            "BTreeMap" | "HashMap" => {
                let key = arg(0, self);
                assert_eq!(key, Ty::String, "{context}: map keys must be strings");
                Ty::Record(Box::new(arg(1, self)))
            }
            "Box" | "Rc" | "Arc" | "Cow" => arg(0, self),
            // `analysis::patch::Json` (a JSON value with a hand-written `Serialize`) is any JSON.
            "Value" | "Json" => Ty::Unknown,
            _ if params.contains(&name) => Ty::Param(name),
            _ => {
                let name = SUBSTITUTES
                    .iter()
                    .find(|(from, _)| *from == name)
                    .map_or(name.clone(), |(_, to)| (*to).to_string());
                let args = (0..args.len()).map(|index| arg(index, self)).collect();
                self.queue.push_back(name.clone());
                Ty::Ref(name, args)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Ty → TypeScript

fn ts(ty: &Ty, indent: usize) -> String {
    match ty {
        Ty::String => "string".into(),
        Ty::Number => "number".into(),
        Ty::Boolean => "boolean".into(),
        Ty::Null => "null".into(),
        Ty::Unknown => "unknown".into(),
        Ty::Literal(text) => format!("{text:?}"),
        Ty::Array(inner) => match **inner {
            Ty::Union(_) | Ty::Intersection(_) => format!("Array<{}>", ts(inner, indent)),
            _ => format!("{}[]", ts(inner, indent)),
        },
        Ty::Tuple(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|item| ts(item, indent))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Ty::Record(value) => format!("Record<string, {}>", ts(value, indent)),
        Ty::Ref(name, args) if args.is_empty() => name.clone(),
        Ty::Ref(name, args) => format!(
            "{name}<{}>",
            args.iter()
                .map(|arg| ts(arg, indent))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Ty::Param(name) => name.clone(),
        Ty::Object(fields) => object_ts(fields, indent),
        Ty::Union(alternatives) => alternatives
            .iter()
            .map(|alternative| match alternative {
                Ty::Intersection(_) => format!("({})", ts(alternative, indent)),
                _ => ts(alternative, indent),
            })
            .collect::<Vec<_>>()
            .join(" | "),
        Ty::Intersection(parts) => parts
            .iter()
            .map(|part| match part {
                Ty::Union(_) => format!("({})", ts(part, indent)),
                _ => ts(part, indent),
            })
            .collect::<Vec<_>>()
            .join(" & "),
    }
}

fn doc_ts(doc: &[String], indent: usize) -> String {
    let pad = " ".repeat(indent);
    match doc {
        [] => String::new(),
        [line] => format!("{pad}/** {line} */\n"),
        lines => {
            let mut out = format!("{pad}/**\n");
            for line in lines {
                let _ = writeln!(
                    out,
                    "{pad} *{}{line}",
                    if line.is_empty() { "" } else { " " }
                );
            }
            let _ = writeln!(out, "{pad} */");
            out
        }
    }
}

fn object_ts(fields: &[Field], indent: usize) -> String {
    if fields.is_empty() {
        return "{}".into();
    }
    if fields.len() == 1 && fields.iter().all(|field| field.doc.is_empty()) {
        let field = fields.first().expect("one");
        return format!(
            "{{ {}{}: {} }}",
            field.name,
            if field.optional { "?" } else { "" },
            ts(&field.ty, indent)
        );
    }
    let pad = " ".repeat(indent + 2);
    let mut out = "{\n".to_string();
    for field in fields {
        out.push_str(&doc_ts(&field.doc, indent + 2));
        let _ = writeln!(
            out,
            "{pad}{}{}: {};",
            field.name,
            if field.optional { "?" } else { "" },
            ts(&field.ty, indent + 2)
        );
    }
    out.push_str(&" ".repeat(indent));
    out.push('}');
    out
}

const HEADER: &str = "\
// The shapes of iamplay's JavaScript API. GENERATED from the Rust types by
// crates/iamplay-wasm/tests/typescript.rs — do not edit; regenerate with `make npm` or
// `IAMPLAY_BLESS=1 cargo test -p iamplay-wasm --test typescript`.
//
// Every position is in UTF-16 code units of the text passed in (what JS strings and Monaco use): `line` and
// `column` are 1-based, `offset` 0-based. A JS object passed instead of a string is `JSON.stringify`d first,
// so positions then refer to that compact text.

/** A JSON string, or a value `JSON.stringify` can write. */
export type JsonInput = string | object;
";

fn generate() -> (String, Vec<String>, BTreeMap<String, Decl>) {
    let (order, decls) = Generator::new().run();
    let mut out = HEADER.to_string();
    for name in &order {
        let decl = decls.get(name).expect("declared");
        out.push('\n');
        out.push_str(&doc_ts(&decl.doc, 0));
        let params = if decl.params.is_empty() {
            String::new()
        } else {
            format!("<{}>", decl.params.join(", "))
        };
        match &decl.ty {
            Ty::Object(fields) => {
                let _ = writeln!(
                    out,
                    "export interface {}{params} {}",
                    decl.name,
                    object_ts(fields, 0)
                );
            }
            Ty::Union(alternatives) if ts(&decl.ty, 0).len() > 100 => {
                let _ = write!(out, "export type {}{params} =", decl.name);
                for alternative in alternatives {
                    let _ = write!(out, "\n  | {}", ts(alternative, 2));
                }
                out.push_str(";\n");
            }
            other => {
                let _ = writeln!(out, "export type {}{params} = {};", decl.name, ts(other, 0));
            }
        }
    }
    (out, order, decls)
}

fn types_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/types.d.ts")
}

#[test]
fn types_file_is_up_to_date() {
    let (generated, _, _) = generate();
    let path = types_file();
    if std::env::var_os("IAMPLAY_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("writable");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run `IAMPLAY_BLESS=1 cargo test -p iamplay-wasm --test typescript`",
        path.display()
    );
}

#[test]
fn generated_types_cover_the_answers_and_substitute_utf16_spans() {
    let (text, order, _) = generate();
    for root in ROOTS {
        assert!(order.iter().any(|name| name == root), "{root}");
    }
    assert!(text.contains("export interface Utf16Position {"));
    assert!(!order
        .iter()
        .any(|name| name == "Span" || name == "Position"));
    assert!(text.contains(
        "export type Answer<T> = ({ type: \"success\" } & T) | ({ type: \"failure\" } & Failure);"
    ));
    assert!(
        text.contains("export type Decision = \"Allow\" | \"ExplicitDeny\" | \"ImplicitDeny\";")
    );
}

// ---------------------------------------------------------------------------------------------------------
// Validating real answers against the model

struct Checker<'d> {
    decls: &'d BTreeMap<String, Decl>,
}

impl Checker<'_> {
    /// The object fields `ty` stands for, following references and merging intersections.
    fn fields(
        &self,
        ty: &Ty,
        bindings: &BTreeMap<String, Ty>,
    ) -> Option<Vec<(Field, BTreeMap<String, Ty>)>> {
        match ty {
            Ty::Object(fields) => Some(
                fields
                    .iter()
                    .map(|field| (field.clone(), bindings.clone()))
                    .collect(),
            ),
            Ty::Intersection(parts) => {
                let mut all = Vec::new();
                for part in parts {
                    all.extend(self.fields(part, bindings)?);
                }
                Some(all)
            }
            Ty::Ref(name, args) => {
                let decl = self.decls.get(name)?;
                let inner = self.bind(decl, args, bindings);
                self.fields(&decl.ty, &inner)
            }
            Ty::Param(name) => self.fields(bindings.get(name)?, bindings),
            _ => None,
        }
    }

    fn bind(
        &self,
        decl: &Decl,
        args: &[Ty],
        bindings: &BTreeMap<String, Ty>,
    ) -> BTreeMap<String, Ty> {
        decl.params
            .iter()
            .cloned()
            .zip(args.iter().map(|arg| self.resolve_params(arg, bindings)))
            .collect()
    }

    fn resolve_params(&self, ty: &Ty, bindings: &BTreeMap<String, Ty>) -> Ty {
        match ty {
            Ty::Param(name) => bindings.get(name).cloned().unwrap_or(Ty::Unknown),
            Ty::Ref(name, args) => Ty::Ref(
                name.clone(),
                args.iter()
                    .map(|arg| self.resolve_params(arg, bindings))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn check(
        &self,
        value: &Value,
        ty: &Ty,
        bindings: &BTreeMap<String, Ty>,
        path: &str,
    ) -> Result<(), String> {
        let mismatch = || Err(format!("{path}: {value} is not {}", ts(ty, 0)));
        match ty {
            Ty::String if value.is_string() => Ok(()),
            Ty::Number if value.is_number() => Ok(()),
            Ty::Boolean if value.is_boolean() => Ok(()),
            Ty::Null if value.is_null() => Ok(()),
            Ty::Unknown => Ok(()),
            Ty::Literal(text) if value.as_str() == Some(text) => Ok(()),
            Ty::Array(inner) => match value.as_array() {
                Some(items) => items.iter().enumerate().try_for_each(|(i, item)| {
                    self.check(item, inner, bindings, &format!("{path}[{i}]"))
                }),
                None => mismatch(),
            },
            Ty::Tuple(types) => match value.as_array() {
                Some(items) if items.len() == types.len() => items
                    .iter()
                    .zip(types)
                    .enumerate()
                    .try_for_each(|(i, (item, ty))| {
                        self.check(item, ty, bindings, &format!("{path}[{i}]"))
                    }),
                _ => mismatch(),
            },
            Ty::Record(inner) => match value.as_object() {
                Some(map) => map.iter().try_for_each(|(key, item)| {
                    self.check(item, inner, bindings, &format!("{path}.{key}"))
                }),
                None => mismatch(),
            },
            Ty::Union(alternatives) => {
                let mut errors = Vec::new();
                for alternative in alternatives {
                    match self.check(value, alternative, bindings, path) {
                        Ok(()) => return Ok(()),
                        Err(error) => errors.push(error),
                    }
                }
                Err(format!(
                    "{path}: no alternative of {} fits: {}",
                    ts(ty, 0),
                    errors.join(" / ")
                ))
            }
            Ty::Param(name) => {
                let bound = bindings.get(name).cloned().unwrap_or(Ty::Unknown);
                self.check(value, &bound, bindings, path)
            }
            Ty::Ref(name, args)
                if !matches!(
                    self.decls.get(name).map(|d| &d.ty),
                    Some(Ty::Object(_)) | Some(Ty::Intersection(_))
                ) =>
            {
                let decl = self
                    .decls
                    .get(name)
                    .ok_or_else(|| format!("{path}: unknown type {name}"))?;
                let inner = self.bind(decl, args, bindings);
                self.check(value, &decl.ty, &inner, path)
            }
            Ty::Object(_) | Ty::Intersection(_) | Ty::Ref(..) => {
                let Some(object) = value.as_object() else {
                    return mismatch();
                };
                let fields = self
                    .fields(ty, bindings)
                    .ok_or_else(|| format!("{path}: {} is not an object type", ts(ty, 0)))?;
                for key in object.keys() {
                    if !fields.iter().any(|(field, _)| &field.name == key) {
                        return Err(format!(
                            "{path}: key `{key}` is not in the type {}",
                            ts(ty, 0)
                        ));
                    }
                }
                for (field, field_bindings) in &fields {
                    match object.get(&field.name) {
                        Some(item) => self.check(
                            item,
                            &field.ty,
                            field_bindings,
                            &format!("{path}.{}", field.name),
                        )?,
                        None if field.optional => {}
                        None => return Err(format!("{path}: missing key `{}`", field.name)),
                    }
                }
                Ok(())
            }
            _ => mismatch(),
        }
    }
}

fn examples() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "json")
                && path.file_name().is_some_and(|name| name != "index.json")
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            (path.display().to_string(), text)
        })
        .collect()
}

#[test]
fn real_answers_match_the_generated_types() {
    use iamplay_core::ffi;
    let (_, _, decls) = generate();
    let checker = Checker { decls: &decls };
    let answer =
        |success: &str| Ty::Ref("Answer".into(), vec![Ty::Ref(success.into(), Vec::new())]);
    let mut checked = 0;
    let mut check = |json: String, success: &str, what: &str| {
        let value: Value = serde_json::from_str(&json).expect("JSON");
        if let Err(error) = checker.check(&value, &answer(success), &BTreeMap::new(), "answer") {
            panic!("{what}: {error}");
        }
        checked += 1;
    };
    let examples = examples();
    assert!(examples.len() >= 10);
    for (file, text) in &examples {
        check(
            ffi::check_scenario_json_str(text),
            "CheckScenarioSuccess",
            file,
        );
        check(ffi::matrix_json_str(text), "MatrixSuccess", file);
        check(ffi::explain_json_str(text, 0.0), "ExplainSuccess", file);
        check(ffi::explain_json_str(text, 99.0), "ExplainSuccess", file);
        check(ffi::lint_scenario_json_str(text), "LintSuccess", file);
        check(ffi::suggest_fixes_json_str(text, 1.0), "FixReport", file);
        check(ffi::suggest_fixes_json_str(text, 99.0), "FixReport", file);
        check(
            ffi::tightest_policy_json_str(text, &[0.0], &[], ""),
            "Tightened",
            file,
        );
        check(
            ffi::tightest_policy_json_str(text, &[0.0], &[], r#"{"side": "resource"}"#),
            "Tightened",
            file,
        );
    }
    for pair in examples.windows(2) {
        if let [(before_file, before), (_, after)] = pair {
            check(
                ffi::diff_scenarios_json_str(before, after),
                "ScenarioDiff",
                before_file,
            );
        }
    }
    check(
        ffi::diff_scenarios_json_str("{", "{}"),
        "ScenarioDiff",
        "bad diff input",
    );
    // Failures, and policies of every kind with and without errors.
    check(
        ffi::check_scenario_json_str("{\"users\": 1,"),
        "CheckScenarioSuccess",
        "bad JSON",
    );
    check(
        ffi::check_scenario_json_str("{\"users\": [{}], \"x\": 1}"),
        "CheckScenarioSuccess",
        "bad scenario",
    );
    let policies = [
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "é😀", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/${aws:username}/*", "Condition": {"ForAnyValue:StringLike": {"aws:TagKeys": ["a*"]}, "Bool": {"aws:SecureTransport": "true"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/a"]}, "NotAction": "s3:*", "NotResource": "arn:aws:s3:::x"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#,
        r#"{"Statement": [{"Effect": "allow", "Action": [], "Condition": {"StringEqualz": {"a": "b"}}}]}"#,
    ];
    for policy in policies {
        for kind in ffi::POLICY_KINDS {
            check(
                ffi::parse_policy_json_str(policy, kind),
                "ParsePolicySuccess",
                policy,
            );
            check(
                ffi::lint_policy_json_str(policy, kind),
                "LintSuccess",
                policy,
            );
        }
    }
    check(
        ffi::lint_policy_json_str("{}", "nope"),
        "LintSuccess",
        "bad kind",
    );
    check(ffi::version_json_str(), "VersionSuccess", "version");
    // importAws over the committed CLI outputs, alone and together, with and without options.
    let import_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/import");
    let mut imports: Vec<(String, String)> = std::fs::read_dir(&import_dir)
        .expect("tests/import")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                text,
            )
        })
        .collect();
    imports.sort();
    assert!(imports.len() >= 10);
    let all = Value::Array(
        imports
            .iter()
            .map(|(name, text)| serde_json::json!({"name": name, "text": text}))
            .collect(),
    )
    .to_string();
    for options in [
        "{}",
        r#"{"level": "root", "resource": "arn:aws:s3:::prod-reports", "account": "111122223333"}"#,
        r#"{"attachTo": "arn:aws:iam::111122223333:role/service/app-server", "level": "ou"}"#,
        r#"{"into": "[]"}"#,
        r#"{"nope": 1}"#,
    ] {
        check(
            ffi::import_aws_json_str(&all, options),
            "ImportAwsSuccess",
            options,
        );
    }
    for (name, text) in &imports {
        let one = serde_json::json!([text]).to_string();
        check(
            ffi::import_aws_json_str(&one, "null"),
            "ImportAwsSuccess",
            name,
        );
    }
    check(
        ffi::import_aws_json_str("{}", "{}"),
        "ImportAwsSuccess",
        "bad inputs",
    );
    // AWS managed policies: registered at run time, then attached by ARN (spans in `managedArn` documents).
    let snapshot = include_str!("../../iamplay-core/data/managed-policies.txt");
    check(
        ffi::register_managed_policies_json_str(snapshot),
        "RegisterManagedPoliciesSuccess",
        "register",
    );
    check(
        ffi::register_managed_policies_json_str("P not a snapshot"),
        "RegisterManagedPoliciesSuccess",
        "register a bad snapshot",
    );
    check(
        ffi::managed_policies_json_str(),
        "ManagedPoliciesSuccess",
        "list",
    );
    for arn in [
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws:iam::aws:policy/ReadOnlyAcess",
    ] {
        check(
            ffi::managed_policy_json_str(arn),
            "ManagedPolicySuccess",
            arn,
        );
    }
    let managed = r#"{"users": [{"arn": "arn:aws:iam::111122223333:user/ana",
        "policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}],
        "requests": [{"principal": "arn:aws:iam::111122223333:user/ana", "action": "s3:GetObject",
        "resource": "arn:aws:s3:::b/k"}]}"#;
    let explained = ffi::explain_json_str(managed, 0.0);
    assert!(explained.contains(r#""managedArn":"arn:aws:iam::aws:policy/ReadOnlyAccess""#));
    check(explained, "ExplainSuccess", "managed explain");
    check(
        ffi::matrix_json_str(managed),
        "MatrixSuccess",
        "managed matrix",
    );
    // With a snapshot registered, importAws checks AWS managed ARNs against it.
    check(
        ffi::import_aws_json_str(&all, "{}"),
        "ImportAwsSuccess",
        "import with managed policies",
    );
    check(
        ffi::failure_json_str(ffi::codes::E0801_BAD_INPUT, "m", "h"),
        "VersionSuccess",
        "shell failure",
    );
    check(
        ffi::INTERNAL_ERROR_JSON.to_string(),
        "VersionSuccess",
        "internal error",
    );
    assert!(checked > 100);
}

#[test]
fn the_checker_rejects_shapes_the_types_do_not_allow() {
    let (_, _, decls) = generate();
    let checker = Checker { decls: &decls };
    let answer = Ty::Ref(
        "Answer".into(),
        vec![Ty::Ref("VersionSuccess".into(), Vec::new())],
    );
    let mut good: Value =
        serde_json::from_str(&iamplay_core::ffi::version_json_str()).expect("JSON");
    assert!(checker.check(&good, &answer, &BTreeMap::new(), "v").is_ok());
    good["extra"] = Value::Bool(true);
    assert!(checker
        .check(&good, &answer, &BTreeMap::new(), "v")
        .is_err());
    let mut missing: Value =
        serde_json::from_str(&iamplay_core::ffi::version_json_str()).expect("JSON");
    missing.as_object_mut().expect("object").remove("engine");
    assert!(checker
        .check(&missing, &answer, &BTreeMap::new(), "v")
        .is_err());
    let wrong_tag = serde_json::json!({"type": "maybe", "errors": [], "warnings": []});
    assert!(checker
        .check(&wrong_tag, &answer, &BTreeMap::new(), "v")
        .is_err());
}
