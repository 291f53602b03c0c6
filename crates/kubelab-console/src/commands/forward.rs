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
    crate::host::start_proxy(c, ctx.flags.get("port"), out)
}

/// `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...` (see `host`).
pub(super) fn port_forward(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    match ctx.pos.split_first() {
        Some((target, ports)) => crate::host::port_forward(c, &namespace(ctx), target, ports, out),
        None => out.err(
            "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples",
        ),
    }
}
