//! kubectl's line for each object of an add-on's published manifest applied by URL
//! (metrics-server, Argo CD): `KIND/NAME created` (with ` (dry run)`), `KIND/NAME unchanged`
//! when applied again, or, for `kubectl create -f` again, the server's AlreadyExists error
//! naming the file. Kinds are written as kubectl writes them, `singular.group`
//! (`deployment.apps`), and the error names the resource in the plural
//! (`deployments.apps`).

/// The resource of `kind` (`deployment.apps`, `service`) in the plural, as the API server's
/// errors name it: `deployments.apps`, `services`.
pub(super) fn plural(kind: &str) -> String {
    let (singular, group) = kind.split_once('.').unwrap_or((kind, ""));
    if group.is_empty() {
        format!("{singular}s")
    } else {
        format!("{singular}s.{group}")
    }
}

/// The line for one object: `Ok` for standard output, `Err` for the error stream. `new`: the
/// object did not exist before; `apply`: `kubectl apply` (else `create`).
pub(super) fn object_line(
    kind: &str,
    name: &str,
    url: &str,
    new: bool,
    apply: bool,
    dry_run: bool,
) -> Result<String, String> {
    if new {
        let suffix = if dry_run { " (dry run)" } else { "" };
        Ok(format!("{kind}/{name} created{suffix}"))
    } else if apply {
        Ok(format!("{kind}/{name} unchanged"))
    } else {
        Err(format!(
            "Error from server (AlreadyExists): error when creating \"{url}\": {} \"{name}\" already exists",
            plural(kind)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_for_created_unchanged_and_already_existing_objects() {
        let url = "https://example.com/install.yaml";
        assert_eq!(
            object_line("deployment.apps", "web", url, true, true, false),
            Ok("deployment.apps/web created".into())
        );
        assert_eq!(object_line("service", "web", url, true, false, true), Ok("service/web created (dry run)".into()));
        assert_eq!(object_line("service", "web", url, false, true, false), Ok("service/web unchanged".into()));
        assert_eq!(
            object_line("deployment.apps", "web", url, false, false, false),
            Err("Error from server (AlreadyExists): error when creating \"https://example.com/install.yaml\": deployments.apps \"web\" already exists".into())
        );
    }
}
