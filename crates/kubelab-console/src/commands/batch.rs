//! `kubectl create job` and `kubectl create cronjob`, as kubectl 1.33 builds them: the
//! container is named after the object, the words after `--` are its command, a Job's pods
//! restart `Never` and a CronJob's `OnFailure` (or `--restart`). `create job --from=cronjob/X`
//! copies the CronJob's job template with the annotation `cronjob.kubernetes.io/instantiate:
//! manual` and the CronJob as owner. kubectl 1.11 had `create job --from` only (`--image`
//! came with 1.14, as did `create cronjob`).

use super::*;

/// The flags of `kubectl create job --help` the lab does not model.
pub(super) const JOB_NOT_MODELLED: &[&str] = &["--allow-missing-template-keys", "--show-managed-fields", "--template"];

/// The flags of `kubectl create cronjob --help` the lab does not model.
pub(super) const CRONJOB_NOT_MODELLED: &[&str] =
    &["--allow-missing-template-keys", "--show-managed-fields", "--template"];

pub(super) const JOB_FLAGS: &[FlagDef] = &[
    flags::v("image", None).since(14),
    flags::v("from", None),
    flags::DRY_RUN,
    flags::v("output", Some('o')),
    flags::b("save-config", None),
    flags::v("validate", None),
    flags::v("field-manager", None),
];

pub(super) const CRONJOB_FLAGS: &[FlagDef] = &[
    flags::v("image", None),
    flags::v("schedule", None),
    flags::v("restart", None),
    flags::DRY_RUN,
    flags::v("output", Some('o')),
    flags::b("save-config", None),
    flags::v("validate", None),
    flags::v("field-manager", None),
];

fn pod_template(name: &str, image: &str, command: &[String], restart: &str) -> PodTemplateSpec {
    let mut t = PodTemplateSpec::default();
    t.spec.containers.push(Container {
        name: name.to_string(),
        image: image.to_string(),
        command: command.to_vec(),
        ..Default::default()
    });
    t.spec.restart_policy = Some(restart.to_string());
    t
}

pub(super) fn create_job(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    if ctx.pos.len() != 1 {
        return out.err(&format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create job -h' for help and examples",
            ctx.pos.len()
        ));
    }
    let name = ctx.pos[0].clone();
    let image = ctx.flags.get("image").unwrap_or("").to_string();
    let from = ctx.flags.get("from").unwrap_or("").to_string();
    if image.is_empty() == from.is_empty() {
        return out.err("error: either --image or --from must be specified");
    }
    if !ctx.rest.is_empty() && !from.is_empty() {
        return out.err("error: cannot specify --from and command");
    }
    let ns = namespace(ctx);
    let mut job = Job { api_version: "batch/v1".into(), kind: "Job".into(), ..Default::default() };
    job.metadata.name = name.clone();
    job.metadata.namespace = Some(ns.clone());
    if from.is_empty() {
        job.spec.template = pod_template(&name, &image, &ctx.rest, "Never");
    } else {
        let (kind, cj_name) = from.split_once('/').unwrap_or((from.as_str(), ""));
        let is_cronjob = resources::resolve(kind, c.profile).is_some_and(|r| r.info.kind == "CronJob");
        if !is_cronjob || cj_name.is_empty() {
            return out.err(&format!(
                "error: from must be an existing cronjob: {}",
                if cj_name.is_empty() { from.clone() } else { kind.to_string() }
            ));
        }
        let Some(Object::CronJob(cj)) = c.cluster.get(Kind::CronJob, &ns, cj_name).cloned() else {
            return out.err(&format!("Error from server (NotFound): cronjobs.batch \"{cj_name}\" not found"));
        };
        let t = &cj.spec.job_template;
        job.metadata.labels = t.metadata.labels.clone();
        job.metadata.annotations = t.metadata.annotations.clone();
        job.metadata.annotations.insert("cronjob.kubernetes.io/instantiate".into(), "manual".into());
        // kubectl's controller reference without blockOwnerDeletion, in the CronJob's version.
        let api_version = resources::resolve("cronjobs", c.profile).map(|r| r.api_version());
        job.metadata.owner_references.push(OwnerReference {
            api_version: api_version.unwrap_or_else(|| "batch/v1".into()),
            kind: "CronJob".into(),
            name: cj.metadata.name.clone(),
            uid: cj.metadata.uid.clone(),
            controller: Some(true),
            block_owner_deletion: None,
        });
        job.spec = Box::new(t.spec.clone());
    }
    create_one(c, Object::Job(job), "batch", ctx, out);
}

pub(super) fn create_cronjob(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let image = ctx.flags.get("image").unwrap_or("").to_string();
    let schedule = ctx.flags.get("schedule").unwrap_or("").to_string();
    let missing: Vec<&str> = [("image", &image), ("schedule", &schedule)]
        .iter()
        .filter(|(n, v)| v.is_empty() && !ctx.flags.has(n))
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|n| format!("\"{n}\"")).collect();
        return out.err(&format!("error: required flag(s) {} not set", names.join(", ")));
    }
    if ctx.pos.len() != 1 {
        return out.err(&format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create cronjob -h' for help and examples",
            ctx.pos.len()
        ));
    }
    let name = ctx.pos[0].clone();
    let restart = ctx.flags.get("restart").filter(|r| !r.is_empty()).unwrap_or("OnFailure").to_string();
    let mut cj = CronJob { api_version: "batch/v1".into(), kind: "CronJob".into(), ..Default::default() };
    cj.metadata.name = name.clone();
    cj.metadata.namespace = Some(namespace(ctx));
    cj.spec.schedule = schedule;
    cj.spec.job_template.metadata.name = name.clone();
    cj.spec.job_template.spec.template = pod_template(&name, &image, &ctx.rest, &restart);
    create_one(c, Object::CronJob(Box::new(cj)), "batch", ctx, out);
}
