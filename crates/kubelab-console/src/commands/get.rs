use super::*;

/// The flags of `kubectl get --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &[
    "--allow-missing-template-keys",
    "-k",
    "--kustomize",
    "--output-watch-events",
    "--server-print",
    "--show-managed-fields",
    "--subresource",
];

/// The flags of [get], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("output", Some('o')),
    flags::b("show-labels", None),
    flags::v("selector", Some('l')),
    flags::b("watch", Some('w')),
    flags::b("watch-only", None),
    flags::ALL_NAMESPACES,
    flags::b("no-headers", None),
    flags::v("filename", Some('f')),
    flags::v("label-columns", Some('L')),
    flags::v("sort-by", None),
    flags::v("field-selector", None),
    flags::v("template", None),
    flags::b("show-kind", None),
    flags::v("chunk-size", None),
    // Only the Metrics API's paths (`raw`); any other is refused as not modelled there.
    flags::v("raw", None),
    flags::b("ignore-not-found", None),
    flags::b("recursive", Some('R')),
];

pub(super) fn get(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    if let Some(path) = ctx.flags.get("raw") {
        return super::raw::get_raw(c, ctx, path, out);
    }
    if ctx.pos.is_empty() && !ctx.flags.has("filename") {
        out.err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
        return;
    }
    let selector = match parse_selector(ctx) {
        Ok(s) => s,
        Err(e) => return out.err(&e),
    };
    let targets = match targets(c, &ctx.pos, true) {
        Ok(t) => t,
        Err(e) => return out.err(&e),
    };
    endpoints_warning(c, &targets, out);
    let all_ns = ctx.flags.bool("all-namespaces");
    let ns = namespace(ctx);
    // `--template` alone means `-o go-template`; `-o jsonpath=T` and `-o jsonpath --template T`
    // are the same.
    let output_flag = ctx.flags.get("output").unwrap_or(if ctx.flags.has("template") { "go-template" } else { "" });
    let (output, template) = match output_flag.split_once('=') {
        Some((o, t)) => (o, Some(t.to_string())),
        None => (output_flag, ctx.flags.get("template").map(str::to_string)),
    };
    let output = if output == "template" { "go-template" } else { output };
    if !matches!(output, "" | "wide" | "yaml" | "json" | "name" | "jsonpath" | "go-template" | "custom-columns") {
        return out.err(&format!("error: unable to match a printer suitable for the output format \"{output_flag}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"));
    }
    let template = template.unwrap_or_default();
    if matches!(output, "jsonpath" | "go-template") && template.is_empty() {
        return out.err("error: template format specified but no template given");
    }
    if output == "custom-columns" && template.is_empty() {
        return out.err("error: custom-columns format specified but no custom columns given");
    }
    // Group by kind, in the order given.
    let mut groups: Vec<(ResourceRef, Vec<Object>)> = Vec::new();
    let multi_kind = {
        let mut kinds: Vec<&str> = targets.iter().map(|(r, _)| r.info.kind).collect();
        kinds.dedup();
        kinds.len() > 1 || ctx.pos.first().is_some_and(|p| p.split(',').any(|t| t == "all"))
    };
    for (r, name) in &targets {
        if r.info.kind == "Event" {
            events_table(c, ctx, out);
            return;
        }
        let Some(kind) = sim_kind(r) else {
            out.err(&format!("error: the server doesn't have a resource type \"{}\"", r.info.plural));
            continue;
        };
        let scope = if all_ns || !kind.namespaced() { None } else { Some(ns.as_str()) };
        let objs: Vec<Object> = match name {
            Some(n) => match c.cluster.get(kind, &ns, n) {
                Some(o) => vec![o.clone()],
                None => {
                    out.err(&api_error(c, &ApiError::NotFound { kind, name: n.clone() }, Some(r.group)));
                    vec![]
                }
            },
            None => list_matching(c, kind, scope, selector.as_ref()),
        };
        match groups.iter_mut().find(|(g, _)| g.info.kind == r.info.kind) {
            Some((_, v)) => v.extend(objs),
            None => groups.push((*r, objs)),
        }
    }
    // The API server's field selector, then kubectl's --sort-by, per kind.
    if let Some(fs) = ctx.flags.get("field-selector") {
        for (r, objs) in &mut groups {
            let terms = match field_selector(fs, r, ctx.flags.get("selector").unwrap_or("")) {
                Ok(t) => t,
                Err(e) => return out.err(&e),
            };
            objs.retain(|o| field_selector_matches(&terms, &wire_json(c, o)));
        }
    }
    if let Some(field) = ctx.flags.get("sort-by") {
        for (_, objs) in &mut groups {
            let wire: Vec<Value> = objs.iter().map(|o| wire_json(c, o)).collect();
            let order = match sort_order(&wire, field) {
                Ok(o) => o,
                Err(e) => return out.err(&e),
            };
            let sorted: Vec<Object> = order.into_iter().filter_map(|i| objs.get(i).cloned()).collect();
            *objs = sorted;
        }
    }
    let total: usize = groups.iter().map(|(_, v)| v.len()).sum();
    let named = targets.iter().any(|(_, n)| n.is_some());
    match output {
        "yaml" | "json" | "jsonpath" | "go-template" | "custom-columns" => {
            let items: Vec<Value> =
                groups.iter().flat_map(|(r, v)| v.iter().map(|o| wire_json_as(c, o, Some(&r.api_version())))).collect();
            if items.is_empty() && named {
                return;
            }
            if output == "custom-columns" {
                match crate::jsonpath::custom_columns(&template, &items) {
                    Ok((header, rows)) => {
                        let h = if ctx.flags.bool("no-headers") { None } else { Some(header.as_slice()) };
                        out.stdout.push_str(&render_table(h, &rows, minwidth(c)));
                    }
                    Err(e) => out.err(&format!("error: {e}")),
                }
                return;
            }
            // One named object prints as itself, anything else as a List.
            let doc = if items.len() == 1 && named {
                items.into_iter().next().unwrap_or(Value::Null)
            } else {
                serde_json::json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}})
            };
            match output {
                "yaml" => out.out(&to_yaml(&doc)),
                "json" => out.out(&to_json(&doc)),
                "jsonpath" => match crate::jsonpath::jsonpath(&doc, &template) {
                    Ok(text) => out.stdout.push_str(&text),
                    Err(e) => out.err(&format!("error: {e}")),
                },
                _ => match crate::jsonpath::go_template(&doc, &template) {
                    Ok(text) => out.stdout.push_str(&text),
                    Err(e) => out.err(&format!("error: {e}")),
                },
            }
        }
        "name" => {
            for (r, objs) in &groups {
                for o in objs {
                    out.out(&format!("{}/{}", qualified(o.kind(), r.group), o.meta().name));
                }
            }
        }
        _ => {
            if total == 0 {
                if !named {
                    no_resources(c, if all_ns { None } else { Some(&ns) }, out);
                }
                return;
            }
            let wide = output == "wide";
            let mut first = true;
            // One tab writer per kind, remembering its widths, so that `-w` rows line up
            // with the table above them (kubectl keeps one RememberWidths writer).
            let mut writers: Vec<crate::text::TabWriter> = Vec::new();
            for (r, objs) in &groups {
                if objs.is_empty() {
                    continue;
                }
                let kind = objs[0].kind();
                let prefix = if multi_kind { Some(qualified(kind, r.group)) } else { None };
                let refs: Vec<&Object> = objs.iter().collect();
                let mut t =
                    printers::table(&c.cluster, kind, &refs, &table_options(c, wide, all_ns, prefix.as_deref()));
                decorate(&mut t, &refs, ctx);
                if !first {
                    out.stdout.push('\n');
                }
                first = false;
                let mut w = crate::text::TabWriter::kubectl_table(minwidth(c));
                if !ctx.flags.bool("no-headers") {
                    w.write_str(&t.header.join("\t"));
                    w.write_str("\n");
                }
                write_rows(&mut w, &t.rows);
                out.stdout.push_str(&w.flush());
                writers.push(w);
            }
            if ctx.flags.bool("watch") {
                let kinds: Vec<(ResourceRef, Kind)> = groups
                    .iter()
                    .filter(|(_, objs)| !objs.is_empty())
                    .filter_map(|(r, _)| sim_kind(r).map(|k| (*r, k)))
                    .collect();
                watch(c, ctx, &kinds, selector.as_ref(), multi_kind, &mut writers, out);
            }
        }
    }
}

/// `-L key` label columns (header: the key's last path segment, upper-cased; an empty cell when
/// the label is missing), then `--show-labels`' LABELS column, as kubectl's table decorator adds them.
pub(super) fn decorate(t: &mut printers::Table, objs: &[&Object], ctx: &Ctx) {
    let keys: Vec<String> = ctx
        .flags
        .all("label-columns")
        .iter()
        .flat_map(|v| v.split(','))
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect();
    for k in &keys {
        t.header.push(k.rsplit('/').next().unwrap_or(k).to_uppercase());
    }
    let show = ctx.flags.bool("show-labels");
    if show {
        t.header.push("LABELS".into());
    }
    for (row, o) in t.rows.iter_mut().zip(objs) {
        let labels = &o.meta().labels;
        for k in &keys {
            row.push(labels.get(k).cloned().unwrap_or_default());
        }
        if show {
            row.push(if labels.is_empty() {
                "<none>".to_string()
            } else {
                labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
            });
        }
    }
}

pub(super) fn write_rows(w: &mut crate::text::TabWriter, rows: &[Vec<String>]) {
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| crate::text::escape_cell(c)).collect();
        w.write_str(&cells.join("\t"));
        w.write_str("\n");
    }
}

/// `get -w`: after the table, prints a row for each object whose printed cells (AGE aside)
/// change as simulated time passes, a deleted object's last row included; for at most a
/// simulated minute, stopping after 20 quiet seconds (a real watch runs until Ctrl-C).
#[allow(clippy::too_many_arguments)]
pub(super) fn watch(
    c: &mut Console,
    ctx: &Ctx,
    kinds: &[(ResourceRef, Kind)],
    selector: Option<&Selector>,
    multi_kind: bool,
    writers: &mut [crate::text::TabWriter],
    out: &mut Output,
) {
    let ns = namespace(ctx);
    let all_ns = ctx.flags.bool("all-namespaces");
    let wide = ctx.flags.get("output") == Some("wide");
    // Per kind: (object key, its row) for every listed object.
    let snapshot = |c: &Console| -> Vec<Vec<(String, Vec<String>)>> {
        kinds
            .iter()
            .map(|(r, k)| {
                let scope = if all_ns || !k.namespaced() { None } else { Some(ns.as_str()) };
                let objs = list_matching(c, *k, scope, selector);
                let refs: Vec<&Object> = objs.iter().collect();
                let prefix = if multi_kind { Some(qualified(*k, r.group)) } else { None };
                let mut t = printers::table(&c.cluster, *k, &refs, &table_options(c, wide, all_ns, prefix.as_deref()));
                decorate(&mut t, &refs, ctx);
                objs.iter().map(|o| format!("{}/{}", o.meta().ns(), o.meta().name)).zip(t.rows).collect()
            })
            .collect()
    };
    // The AGE cell ticks every second; it does not make a row new.
    let age_col = |k: Kind| {
        printers::columns(k, c.era(), false)
            .iter()
            .position(|h| *h == "AGE")
            .map(|i| i + usize::from(all_ns && k.namespaced()))
    };
    let age_cols: Vec<Option<usize>> = kinds.iter().map(|(_, k)| age_col(*k)).collect();
    let without_age = |row: &[String], i: usize| -> Vec<String> {
        let mut r = row.to_vec();
        if let Some(Some(a)) = age_cols.get(i) {
            if let Some(cell) = r.get_mut(*a) {
                cell.clear();
            }
        }
        r
    };
    let mut prev = snapshot(c);
    let mut quiet = 0;
    // Idle seconds are skipped (`Cluster::advance`): no row changes in them; they count as quiet.
    let secs = kubelab_sim::SimDuration::from_secs;
    let end = c.cluster.now() + secs(u64::from(WATCH_LIMIT_SECS));
    while c.cluster.now() < end {
        let before = c.cluster.now();
        let quiet_end = before + secs(u64::from(WATCH_QUIET_SECS - quiet));
        c.cluster.advance(end.min(quiet_end));
        let passed = (c.cluster.now().as_millis() - before.as_millis()).div_ceil(1000) as u32;
        let now = snapshot(c);
        let mut changed = false;
        for (i, rows) in now.iter().enumerate() {
            let before = &prev[i];
            let mut lines: Vec<Vec<String>> = Vec::new();
            for (key, row) in rows {
                if before.iter().find(|(k, _)| k == key).is_none_or(|(_, r)| without_age(r, i) != without_age(row, i)) {
                    lines.push(row.clone());
                }
            }
            for (key, row) in before {
                if !rows.iter().any(|(k, _)| k == key) {
                    lines.push(row.clone());
                }
            }
            if lines.is_empty() {
                continue;
            }
            changed = true;
            if let Some(w) = writers.get_mut(i) {
                write_rows(w, &lines);
                out.stdout.push_str(&w.flush());
            }
        }
        prev = now;
        if changed {
            quiet = 0;
        } else {
            quiet += passed;
            if quiet >= WATCH_QUIET_SECS {
                out.stopped = Some(watch_stopped("watching", true));
                return;
            }
        }
    }
    out.stopped = Some(watch_stopped("watching", false));
}

/// A watch (`get -w`, `logs -f`) ends after this many simulated seconds without news.
pub(super) const WATCH_QUIET_SECS: u32 = 20;
/// A watch (`get -w`, `logs -f`) ends after this many simulated seconds in all.
pub(super) const WATCH_LIMIT_SECS: u32 = 60;

/// The lab's note when it ends a watch that kubectl keeps up until Ctrl-C (`what`: `watching`,
/// `following the log`).
pub(super) fn watch_stopped(what: &str, quiet: bool) -> String {
    let why = if quiet {
        format!("after {WATCH_QUIET_SECS}s without news")
    } else {
        format!("at its limit of {WATCH_LIMIT_SECS}s")
    };
    format!("the lab stopped {what} {why}; kubectl goes on until Ctrl-C")
}

pub(super) fn events_table(c: &Console, ctx: &Ctx, out: &mut Output) {
    let all_ns = ctx.flags.bool("all-namespaces");
    let ns = namespace(ctx);
    let mut evs: Vec<&Event> =
        c.cluster.events().iter().filter(|e| all_ns || e.metadata.namespace.as_deref() == Some(ns.as_str())).collect();
    // As the API server lists them: by namespace, then name (`<object>.<hex time>`), so grouped
    // by object; kubectl does not sort them (`--sort-by=.lastTimestamp` does).
    kubelab_sim::sort::by(&mut evs, |a, b| {
        (&a.metadata.namespace, &a.metadata.name).cmp(&(&b.metadata.namespace, &b.metadata.name))
    });
    if ctx.flags.has("field-selector") || ctx.flags.has("sort-by") {
        let events = resources::resolve("events", c.profile);
        let wire: Vec<Value> = evs.iter().map(|e| serde_json::to_value(e).unwrap_or(Value::Null)).collect();
        let mut keep: Vec<usize> = (0..evs.len()).collect();
        if let (Some(fs), Some(r)) = (ctx.flags.get("field-selector"), events.as_ref()) {
            let terms = match field_selector(fs, r, ctx.flags.get("selector").unwrap_or("")) {
                Ok(t) => t,
                Err(e) => return out.err(&e),
            };
            keep.retain(|i| field_selector_matches(&terms, &wire[*i]));
        }
        if let Some(field) = ctx.flags.get("sort-by") {
            let kept: Vec<Value> = keep.iter().map(|i| wire[*i].clone()).collect();
            match sort_order(&kept, field) {
                Ok(order) => keep = order.into_iter().map(|i| keep[i]).collect(),
                Err(e) => return out.err(&e),
            }
        }
        evs = keep.into_iter().map(|i| evs[i]).collect();
    }
    if evs.is_empty() {
        return no_resources(c, if all_ns { None } else { Some(&ns) }, out);
    }
    let now = c.cluster.now().as_millis() as i64;
    let age = |t: kubelab_sim::SimTime| crate::text::human_duration(now - t.as_millis() as i64);
    let mut header: Vec<String> =
        ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"].iter().map(|s| s.to_string()).collect();
    if all_ns {
        header.insert(0, "NAMESPACE".into());
    }
    let rows: Vec<Vec<String>> = evs
        .iter()
        .map(|e| {
            let mut r = vec![
                age(e.last_timestamp),
                e.type_.to_string(),
                e.reason.to_string(),
                format!("{}/{}", e.involved_object.kind.to_lowercase(), e.involved_object.name),
                e.message.clone(),
            ];
            if all_ns {
                r.insert(0, e.metadata.namespace.as_deref().unwrap_or_default().to_string());
            }
            r
        })
        .collect();
    out.stdout.push_str(&render_table(Some(&header), &rows, minwidth(c)));
}

/// How `get` prints a table: the profile's era, `-o wide`, `-A`, and a `kind/` name prefix when
/// several kinds are listed (`--show-labels` is added by `decorate`).
fn table_options<'a>(c: &Console, wide: bool, all_ns: bool, prefix: Option<&'a str>) -> printers::TableOptions<'a> {
    printers::TableOptions { era: c.era(), wide, show_labels: false, all_namespaces: all_ns, name_prefix: prefix }
}

/// The fields the API server selects on, per kind, besides `metadata.name` and
/// `metadata.namespace` (Kubernetes' "Field Selectors" page, v1.33).
const SELECTABLE_FIELDS: &[(&str, &[&str])] = &[
    (
        "Pod",
        &[
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.podIPs",
            "status.nominatedNodeName",
        ],
    ),
    (
        "Event",
        &[
            "involvedObject.kind",
            "involvedObject.namespace",
            "involvedObject.name",
            "involvedObject.uid",
            "involvedObject.apiVersion",
            "involvedObject.resourceVersion",
            "involvedObject.fieldPath",
            "reason",
            "reportingComponent",
            "source",
            "type",
        ],
    ),
    ("Secret", &["type"]),
    ("Namespace", &["status.phase"]),
    ("ReplicaSet", &["status.replicas"]),
    ("ReplicationController", &["status.replicas"]),
    ("Job", &["status.successful"]),
    ("Node", &["spec.unschedulable"]),
    ("CertificateSigningRequest", &["spec.signerName"]),
];

/// One term of a field selector: field, value, and whether it must differ.
type FieldTerm = (String, String, bool);

/// `--field-selector` as the API server reads it for kind `r`: `f=v`, `f==v`, `f!=v` joined by
/// commas; a field the kind does not support is its BadRequest.
pub(super) fn field_selector(text: &str, r: &ResourceRef, labels: &str) -> Result<Vec<FieldTerm>, String> {
    let mut terms = Vec::new();
    for term in text.split(',').filter(|t| !t.is_empty()) {
        let (field, value, negated) = if let Some((f, v)) = term.split_once("!=") {
            (f, v, true)
        } else if let Some((f, v)) = term.split_once("==") {
            (f, v, false)
        } else if let Some((f, v)) = term.split_once('=') {
            (f, v, false)
        } else {
            return Err(format!("error: invalid selector: '{text}'; can't understand '{term}'"));
        };
        let supported = matches!(field, "metadata.name" | "metadata.namespace")
            || SELECTABLE_FIELDS.iter().any(|(k, fs)| *k == r.info.kind && fs.contains(&field));
        if !supported {
            let gv = if r.group.is_empty() { format!("/{}", r.version) } else { format!("{}/{}", r.group, r.version) };
            return Err(format!(
                "Error from server (BadRequest): Unable to find \"{gv}, Resource={}\" that match label selector \"{labels}\", field selector \"{text}\": field label not supported: {field}",
                r.info.plural
            ));
        }
        terms.push((field.to_string(), value.to_string(), negated));
    }
    Ok(terms)
}

/// The value the API server compares for `field` of an object as it sends it: the field's
/// text, "" when unset (an Event's `source` is its component).
fn field_value(wire: &Value, field: &str) -> String {
    let path = if field == "source" { "source.component" } else { field };
    let mut v = wire;
    for part in path.split('.') {
        match v.get(part) {
            Some(next) => v = next,
            None => return String::new(),
        }
    }
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(items) => items.iter().map(field_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

fn field_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(m) => m.get("ip").map(field_text).unwrap_or_default(),
        other => other.to_string(),
    }
}

pub(super) fn field_selector_matches(terms: &[FieldTerm], wire: &Value) -> bool {
    terms.iter().all(|(f, v, negated)| (field_value(wire, f) == *v) != *negated)
}

/// `--sort-by=FIELD`: the order of `items` by FIELD (kubectl's relaxed JSONPath: `{.a.b}`,
/// `.a.b` or `a.b`), stable; objects without the field first; numbers by value, strings in
/// natural order (kubectl's `sortorder.NaturalLess`).
pub(super) fn sort_order(items: &[Value], field: &str) -> Result<Vec<usize>, String> {
    let inner = field.strip_prefix('{').and_then(|f| f.strip_suffix('}')).unwrap_or(field);
    if inner.contains(['{', '}']) || inner.is_empty() {
        return Err("error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into());
    }
    let expr = if inner.starts_with('.') { format!("{{{inner}}}") } else { format!("{{.{inner}}}") };
    let mut keys: Vec<Option<Value>> = Vec::new();
    for item in items {
        let found = crate::jsonpath::first_value(item, &expr).map_err(|e| format!("error: {e}"))?;
        keys.push(found);
    }
    if !items.is_empty() && keys.iter().all(Option::is_none) {
        return Err(format!("error: couldn't find any field with path \"{expr}\" in the list of objects"));
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    kubelab_sim::sort::by(&mut order, |a, b| compare_values(keys[*a].as_ref(), keys[*b].as_ref()));
    Ok(order)
}

fn compare_values(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, _) => Ordering::Less,
        (_, None) => Ordering::Greater,
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            x.as_f64().unwrap_or(0.0).partial_cmp(&y.as_f64().unwrap_or(0.0)).unwrap_or(Ordering::Equal)
        }
        (Some(Value::String(x)), Some(Value::String(y))) => natural_cmp(x, y),
        (Some(x), Some(y)) => natural_cmp(&x.to_string(), &y.to_string()),
    }
}

/// Natural order: runs of digits compare by value (`web-9` before `web-10`).
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, _) => return std::cmp::Ordering::Less,
            (_, None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (&a[..da], &b[..db]);
                let na = &na[na.iter().take_while(|c| **c == b'0').count()..];
                let nb = &nb[nb.iter().take_while(|c| **c == b'0').count()..];
                let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if ord != std::cmp::Ordering::Equal {
                    return ord;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;

    #[test]
    fn a_resource_type_is_required_and_must_exist() {
        let mut c = with_web();
        let err = fails(&mut c, "kubectl get");
        assert!(err.starts_with("You must specify the type of resource to get."), "{err}");
        assert!(err.ends_with("\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n"), "{err}");
        assert_eq!(fails(&mut c, "kubectl get foo"), "error: the server doesn't have a resource type \"foo\"\n");
        assert_eq!(
            fails(&mut c, "kubectl get deploy nope"),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
    }

    #[test]
    fn output_formats_are_checked() {
        let mut c = with_web();
        assert!(fails(&mut c, "kubectl get pods -o foo")
            .starts_with("error: unable to match a printer suitable for the output format \"foo\", allowed formats are: custom-columns,"));
        assert_eq!(
            fails(&mut c, "kubectl get pods -o jsonpath"),
            "error: template format specified but no template given\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl get pods -o go-template"),
            "error: template format specified but no template given\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl get pods -o custom-columns"),
            "error: custom-columns format specified but no custom columns given\n"
        );
    }

    #[test]
    fn name_jsonpath_template_and_custom_columns_print_the_fields() {
        let mut c = with_web();
        assert_eq!(ok(&mut c, "kubectl get deploy web -o name"), "deployment.apps/web\n");
        assert_eq!(ok(&mut c, "kubectl get deploy web -o jsonpath='{.spec.replicas}'"), "2");
        assert_eq!(ok(&mut c, "kubectl get deploy web -o go-template='{{.metadata.name}}'"), "web");
        assert_eq!(
            ok(&mut c, "kubectl get deploy -o custom-columns=N:.metadata.name,R:.spec.replicas"),
            "N     R\nweb   2\n"
        );
        let pods = pods(&c);
        assert_eq!(
            ok(&mut c, "kubectl get pods -o name"),
            pods.iter().map(|p| format!("pod/{p}\n")).collect::<String>()
        );
    }

    #[test]
    fn table_flags_shape_the_table() {
        let mut c = with_web();
        assert_eq!(ok(&mut c, "kubectl get deploy --no-headers"), "web   2/2   2     2     60s\n");
        assert_eq!(
            ok(&mut c, "kubectl get deploy/web -L app --show-labels"),
            "NAME   READY   UP-TO-DATE   AVAILABLE   AGE   APP   LABELS\nweb    2/2     2            2           60s   web   app=web\n"
        );
    }

    #[test]
    fn an_empty_namespace_says_so_on_stderr_and_succeeds() {
        let mut c = with_web();
        ok(&mut c, "kubectl create ns empty");
        let out = run(&mut c, "kubectl get pods -n empty");
        assert_eq!((out.exit_code, out.stdout.as_str()), (0, ""));
        assert_eq!(out.stderr, "No resources found in empty namespace.\n");
        let out = run(&mut c, "kubectl get events -n empty");
        assert_eq!((out.exit_code, out.stderr.as_str()), (0, "No resources found in empty namespace.\n"));
    }

    #[test]
    fn a_bad_selector_is_refused() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl get pods -l 'a in (b'"),
            "error: unable to parse requirement: found '', expected: ',' or ')'\n"
        );
    }

    #[test]
    fn get_reads_without_changing_anything() {
        let mut c = with_web();
        let before = state(&c);
        ok(&mut c, "kubectl get all -o yaml");
        ok(&mut c, "kubectl get pods,deploy -A -o wide");
        assert!(state(&c) == before, "get changed the cluster");
    }

    #[test]
    fn watch_prints_rows_as_the_cluster_changes() {
        let mut c = with_web();
        ok(&mut c, "kubectl scale deploy web --replicas=3");
        let out = ok(&mut c, "kubectl get deploy web -w");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "NAME   READY   UP-TO-DATE   AVAILABLE   AGE");
        assert!(lines.len() > 2, "no watch rows:\n{out}");
        assert!(lines.last().is_some_and(|l| l.starts_with("web    3/3     3            3")), "{out}");
    }

    #[test]
    fn field_selectors_filter_as_the_api_server_does() {
        let mut c = with_web();
        ok(&mut c, "kubectl run solo --image=nginx --restart=Never");
        let names = ok(&mut c, "kubectl get pods --field-selector=status.phase=Running -o name");
        assert_eq!(names.lines().count(), 2, "solo is still pending:\n{names}");
        let pending =
            ok(&mut c, "kubectl get pods --field-selector status.phase!=Running,spec.restartPolicy==Never -o name");
        assert_eq!(pending, "pod/solo\n");
        assert_eq!(ok(&mut c, "kubectl get pods --field-selector metadata.name=solo -o name"), "pod/solo\n");
        assert_eq!(
            fails(&mut c, "kubectl get pods --field-selector foo=bar"),
            "Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match label selector \"\", field selector \"foo=bar\": field label not supported: foo\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl get deploy -l app=web --field-selector status.replicas=2"),
            "Error from server (BadRequest): Unable to find \"apps/v1, Resource=deployments\" that match label selector \"app=web\", field selector \"status.replicas=2\": field label not supported: status.replicas\n"
        );
        let node = ok(&mut c, "kubectl get pod solo -o jsonpath={.spec.nodeName}");
        assert!(!node.is_empty());
        let on_node = ok(&mut c, &format!("kubectl get pods -A --field-selector spec.nodeName={node} -o name"));
        assert!(on_node.contains("pod/solo\n"), "{on_node}");
        // Events: by type, reason and involved object.
        let warnings = run(&mut c, "kubectl get events --field-selector type=Warning");
        assert!(!warnings.stdout.contains("Normal"), "{}", warnings.stdout);
        let scheduled = ok(&mut c, "kubectl get events --field-selector reason=Scheduled,involvedObject.name=solo");
        assert_eq!(scheduled.lines().count(), 2, "{scheduled}");
        assert!(scheduled.contains("pod/solo"), "{scheduled}");
    }

    #[test]
    fn sort_by_orders_rows_by_a_jsonpath() {
        let mut c = console();
        for name in ["web-10", "web-9", "api"] {
            ok(&mut c, &format!("kubectl create deployment {name} --image=nginx"));
            ok(&mut c, "sleep 5");
        }
        // Natural order: web-9 before web-10; all three spellings of the path.
        for f in [".metadata.name", "metadata.name", "{.metadata.name}"] {
            assert_eq!(
                ok(&mut c, &format!("kubectl get deploy --sort-by={f} -o name")),
                "deployment.apps/api\ndeployment.apps/web-9\ndeployment.apps/web-10\n"
            );
        }
        assert_eq!(
            ok(&mut c, "kubectl get deploy --sort-by=.metadata.creationTimestamp -o name"),
            "deployment.apps/web-10\ndeployment.apps/web-9\ndeployment.apps/api\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl get deploy --sort-by=.spec.nope"),
            "error: couldn't find any field with path \"{.spec.nope}\" in the list of objects\n"
        );
        // Events by their last time: the newest last.
        let events = ok(&mut c, "kubectl get events --sort-by=.lastTimestamp");
        let last = events.lines().last().unwrap_or_default();
        assert!(last.contains("deployment/api") || last.contains("api-"), "{events}");
    }
}
