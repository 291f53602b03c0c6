use super::*;

/// The flags of [port-forward], besides the global ones.
pub(super) const PORT_FORWARD_FLAGS: &[FlagDef] = &[flags::v("address", None), flags::v("pod-running-timeout", None)];

/// The flags of [proxy], besides the global ones.
pub(super) const PROXY_FLAGS: &[FlagDef] = &[
    flags::v("port", Some('p')),
    flags::v("address", None),
    flags::v("accept-hosts", None),
    flags::v("accept-paths", None),
    flags::v("api-prefix", None),
    flags::v("append-server-path", None),
    flags::b("disable-filter", None),
    flags::v("keepalive", None),
    flags::v("reject-methods", None),
    flags::v("reject-paths", None),
    flags::v("unix-socket", Some('u')),
    flags::v("www", Some('w')),
    flags::v("www-prefix", Some('P')),
];

/// `kubectl proxy`: serves the API on localhost (see `host`).
pub(super) fn proxy(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    if let Err(e) = int_flag(ctx, "port", "-p, --port") {
        return out.err(&e);
    }
    crate::host::start_proxy(c, ctx.flags.get("port"), out)
}

/// `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...` (see `host`).
pub(super) fn port_forward(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    match ctx.pos.split_first() {
        Some((target, ports)) if !ports.is_empty() => {
            crate::host::port_forward(c, &namespace(ctx), target, ports, out)
        }
        _ => out.err(
            "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples",
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;

    #[test]
    fn port_forward_needs_a_target_that_exists() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl port-forward"),
            "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl port-forward pod/nope 8080:80"),
            "Error from server (NotFound): pods \"nope\" not found\n"
        );
    }

    #[test]
    fn proxy_serves_once_per_port() {
        let mut c = console();
        assert_eq!(ok(&mut c, "kubectl proxy"), "Starting to serve on 127.0.0.1:8001\n");
        assert_eq!(c.proxy, Some(8001));
        assert_eq!(fails(&mut c, "kubectl proxy"), "error: listen tcp 127.0.0.1:8001: bind: address already in use\n");
    }

    #[test]
    fn a_port_that_is_no_number_is_pflags_error() {
        let mut c = console();
        assert_eq!(
            fails(&mut c, "kubectl proxy --port=abc"),
            "error: invalid argument \"abc\" for \"-p, --port\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'kubectl proxy --help' for usage.\n"
        );
        assert_eq!(c.proxy, None);
    }

    #[test]
    fn proxy_port_must_be_a_number() {
        let mut c = console();
        let err = fails(&mut c, "kubectl proxy --port=abc");
        assert!(err.starts_with("error: invalid argument \"abc\" for \"-p, --port\" flag: strconv.ParseInt"), "{err}");
        assert_eq!(c.proxy, None);
    }
}
