//! Git's objects as git stores them: a blob is `blob <len>\0<bytes>`, a tree lists
//! `<mode> <name>\0<20-byte id>` entries in git's order (names compared byte by byte, a
//! directory's name as if it ended in `/`), a commit is `tree`, `parent`s, `author` and
//! `committer` lines (`Name <email> <unix secs> +0000`), a blank line and the message. Each id
//! is the SHA-1 of that text, so ids equal real git's for the same content.
//!
//! Simplified: file contents are UTF-8 text, every file has mode `100644` (no executables,
//! symlinks or submodules), every time zone is `+0000`, and there are no tags.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A full object id: 40 lower-case hex digits.
pub type Id = String;

/// The id of no object (`git diff`'s `index 0000000..`).
pub const ZERO_ID: &str = "0000000000000000000000000000000000000000";

/// How deep a tree may nest (paths with more components are refused by the writers).
pub const MAX_DEPTH: usize = 32;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Object {
    Blob(String),
    Tree(Vec<TreeEntry>),
    Commit(Commit),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeEntry {
    /// `100644` for a file, `40000` for a directory (as git writes it in a tree).
    pub mode: String,
    pub name: String,
    pub id: Id,
}

/// Who made a commit and when (Unix seconds, always `+0000`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub name: String,
    pub email: String,
    pub time: i64,
}

impl Signature {
    /// `Name <email>` or a bare name (its email made up as `name@lab.local`).
    pub fn parse(who: &str, time: i64) -> Signature {
        match who.split_once('<') {
            Some((name, rest)) => Signature {
                name: name.trim().to_string(),
                email: rest.trim_end().trim_end_matches('>').to_string(),
                time,
            },
            None => Signature { name: who.trim().to_string(), email: format!("{}@lab.local", who.trim()), time },
        }
    }

    /// `Name <email>`.
    pub fn ident(&self) -> String {
        format!("{} <{}>", self.name, self.email)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commit {
    pub tree: Id,
    pub parents: Vec<Id>,
    pub author: Signature,
    pub committer: Signature,
    /// The whole message, ending in a newline as `git commit -m` writes it.
    pub message: String,
}

impl Commit {
    /// The message's first line.
    pub fn subject(&self) -> &str {
        self.message.lines().next().unwrap_or_default()
    }
}

fn hex_to_bytes(id: &str) -> Vec<u8> {
    (0..id.len() / 2).filter_map(|i| id.get(2 * i..2 * i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect()
}

/// The object's text as git hashes it (header included).
pub fn encode(obj: &Object) -> Vec<u8> {
    let (kind, body): (&str, Vec<u8>) = match obj {
        Object::Blob(text) => ("blob", text.as_bytes().to_vec()),
        Object::Tree(entries) => {
            let mut body = Vec::new();
            for e in entries {
                body.extend_from_slice(format!("{} {}\0", e.mode, e.name).as_bytes());
                body.extend_from_slice(&hex_to_bytes(&e.id));
            }
            ("tree", body)
        }
        Object::Commit(c) => {
            let mut s = format!("tree {}\n", c.tree);
            for p in &c.parents {
                s.push_str(&format!("parent {p}\n"));
            }
            s.push_str(&format!("author {} {} +0000\n", c.author.ident(), c.author.time));
            s.push_str(&format!("committer {} {} +0000\n\n", c.committer.ident(), c.committer.time));
            s.push_str(&c.message);
            ("commit", s.into_bytes())
        }
    };
    let mut out = format!("{kind} {}\0", body.len()).into_bytes();
    out.extend_from_slice(&body);
    out
}

/// The object's id: the SHA-1 of [`encode`].
pub fn id_of(obj: &Object) -> Id {
    sha1_smol::Sha1::from(encode(obj)).digest().to_string()
}

/// A blob's id (`git hash-object`).
pub fn blob_id(text: &str) -> Id {
    id_of(&Object::Blob(text.to_string()))
}

/// Objects by id.
pub type Store = BTreeMap<Id, Object>;

/// Stores `obj`, returning its id.
pub fn put(store: &mut Store, obj: Object) -> Id {
    let id = id_of(&obj);
    store.entry(id.clone()).or_insert(obj);
    id
}

/// Git's tree order: byte order, a directory's name compared as if followed by `/`.
fn tree_key(e: &TreeEntry) -> Vec<u8> {
    let mut k = e.name.as_bytes().to_vec();
    if e.mode == "40000" {
        k.push(b'/');
    }
    k
}

/// Writes the tree of `files` (paths relative to the root, `/`-separated) and its subtrees and
/// blobs; returns the root tree's id.
pub fn write_tree(store: &mut Store, files: &BTreeMap<String, String>) -> Id {
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
    write_level(store, &refs, 0)
}

fn write_level(store: &mut Store, files: &[(&str, &str)], depth: usize) -> Id {
    let mut entries = Vec::new();
    let mut dirs: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for (path, content) in files {
        match path.split_once('/') {
            Some((dir, rest)) if depth < MAX_DEPTH && !rest.is_empty() => {
                dirs.entry(dir).or_default().push((rest, content));
            }
            _ => {
                let id = put(store, Object::Blob(content.to_string()));
                entries.push(TreeEntry { mode: "100644".into(), name: path.to_string(), id });
            }
        }
    }
    for (dir, inner) in dirs {
        let id = write_level(store, &inner, depth + 1);
        entries.push(TreeEntry { mode: "40000".into(), name: dir.to_string(), id });
    }
    crate::sort::by_key(&mut entries, tree_key);
    put(store, Object::Tree(entries))
}

/// The files of tree `id`, by path; a missing object reads as empty.
pub fn read_tree(store: &Store, id: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    read_level(store, id, "", 0, &mut out);
    out
}

fn read_level(store: &Store, id: &str, prefix: &str, depth: usize, out: &mut BTreeMap<String, String>) {
    let Some(Object::Tree(entries)) = store.get(id) else { return };
    for e in entries {
        let path = format!("{prefix}{}", e.name);
        if e.mode == "40000" {
            if depth < MAX_DEPTH {
                read_level(store, &e.id, &format!("{path}/"), depth + 1, out);
            }
        } else if let Some(Object::Blob(text)) = store.get(&e.id) {
            out.insert(path, text.clone());
        }
    }
}

/// The blob ids of tree `id`'s files, by path.
pub fn tree_blob_ids(store: &Store, id: &str) -> BTreeMap<String, Id> {
    read_tree(store, id).into_iter().map(|(p, c)| (p, blob_id(&c))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids equal real git's: `printf 'hello\n' | git hash-object --stdin`, and a commit made
    /// with `GIT_AUTHOR_DATE`/`GIT_COMMITTER_DATE` = `1772438400 +0000` by
    /// `Student <student@lab.local>` (`git commit -m first` of one file `d.yaml`).
    #[test]
    fn ids_equal_real_gits() {
        assert_eq!(blob_id("hello\n"), "ce013625030ba8dba906f756967f9e9ca394464a");
        assert_eq!(blob_id(""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
        let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: web\n        image: registry.lab/web:1.0\n        ports:\n        - containerPort: 80\n";
        let mut store = Store::new();
        let files: BTreeMap<String, String> = [("d.yaml".to_string(), yaml.to_string())].into();
        let tree = write_tree(&mut store, &files);
        assert_eq!(tree, "50e77a5320a2b933e81ef3dd43084ff0f39cb5e4");
        let who = Signature::parse("Student <student@lab.local>", 1_772_438_400);
        let commit = Commit { tree, parents: vec![], author: who.clone(), committer: who, message: "first\n".into() };
        assert_eq!(id_of(&Object::Commit(commit)), "ceee139ba56bdb7fa6d328f4cef31a4a198fc80a");
        assert_eq!(read_tree(&store, "50e77a5320a2b933e81ef3dd43084ff0f39cb5e4"), files);
    }

    /// Trees sort as git sorts them (`a.b` before `a/` before `a0`), and nest.
    #[test]
    fn trees_sort_and_nest_as_gits() {
        let mut store = Store::new();
        let files: BTreeMap<String, String> =
            [("a.b", "1\n"), ("a/x", "2\n"), ("a0", "3\n"), ("k8s/app/d.yaml", "4\n")]
                .iter()
                .map(|(p, c)| (p.to_string(), c.to_string()))
                .collect();
        let tree = write_tree(&mut store, &files);
        let Some(Object::Tree(entries)) = store.get(&tree) else { panic!("a tree") };
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a.b", "a", "a0", "k8s"]);
        assert_eq!(read_tree(&store, &tree), files);
        // `git write-tree` of the same three files (without k8s/).
        let three: BTreeMap<String, String> =
            [("a.b", "1"), ("a/x", "2"), ("a0", "3")].iter().map(|(p, c)| (p.to_string(), c.to_string())).collect();
        assert_eq!(write_tree(&mut store, &three), "0c33d053af02457eaf9f9442af86d1418e1d7360");
    }
}
