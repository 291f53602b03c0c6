//! The network programs of a container shell: `nslookup`, `ping`, `curl` and `wget` (and a
//! load loop's first output), through the cluster's DNS, Services and traffic model.

use super::*;

/// busybox 1.28 `nslookup HOST`: `getaddrinfo` without `AI_CANONNAME`, so no CNAME line is
/// ever printed. An ExternalName Service aliasing a cluster name prints the target's addresses
/// under the name typed; one aliasing an outside name ends in NXDOMAIN (no internet in the
/// lab), which busybox reports as `can't resolve`, like any unknown name.
pub(super) fn nslookup(c: &Console, t: &Target, args: &[String], out: &mut Output) -> i32 {
    let Some(name) = args.iter().find(|a| !a.starts_with('-')) else {
        out.stderr.push_str("BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n");
        return 1;
    };
    let dns_ptr = network::reverse(&c.cluster, network::DNS_SERVER).unwrap_or_default();
    out.stdout.push_str(&format!(
        "Server:    {}\nAddress 1: {} {dns_ptr}\n\n",
        network::DNS_SERVER,
        network::DNS_SERVER
    ));
    match network::resolve(&c.cluster, t.ns, name) {
        Some(ans) => {
            out.stdout.push_str(&format!("Name:      {name}\n"));
            for (i, ip) in ans.ips.iter().enumerate() {
                match network::reverse(&c.cluster, ip) {
                    Some(ptr) => out.stdout.push_str(&format!("Address {}: {ip} {ptr}\n", i + 1)),
                    None => out.stdout.push_str(&format!("Address {}: {ip}\n", i + 1)),
                }
            }
            0
        }
        None => {
            out.stderr.push_str(&format!("nslookup: can't resolve '{name}'\n"));
            1
        }
    }
}

pub(super) fn ping(c: &mut Console, t: &Target, args: &[String], out: &mut Output) -> i32 {
    let mut count: Option<u64> = None;
    let mut host: Option<&String> = None;
    let mut i = 0;
    while i < args.len() {
        if args[i] == "-c" {
            count = args.get(i + 1).and_then(|n| n.parse().ok());
            i += 2;
            continue;
        }
        if let Some(n) = args[i].strip_prefix("-c") {
            count = n.parse().ok();
        } else if !args[i].starts_with('-') {
            host = Some(&args[i]);
        }
        i += 1;
    }
    let busybox = t.info.kind == ShellKind::Busybox;
    let Some(host) = host else {
        if busybox {
            out.stderr.push_str(
                "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n",
            );
        } else {
            out.stderr.push_str("Usage: ping [-aAbBdDfhLnOqrRUvV] [-c count] [-i interval] [-I interface]\n            [-m mark] [-M pmtudisc_option] [-l preload] [-p pattern] [-Q tos]\n            [-s packetsize] [-S sndbuf] [-t ttl] [-T timestamp_option]\n            [-w deadline] [-W timeout] [hop1 ...] destination\n");
        }
        return 2;
    };
    let Some(ans) = network::resolve(&c.cluster, t.ns, host) else {
        if busybox {
            out.stderr.push_str(&format!("ping: bad address '{host}'\n"));
        } else {
            out.stderr.push_str(&format!("ping: {host}: Name or service not known\n"));
        }
        return if busybox { 1 } else { 2 };
    };
    let ip = ans.ips[0].clone();
    let shown = if busybox { host.clone() } else { ans.fqdn.clone() };
    if busybox {
        out.stdout.push_str(&format!("PING {shown} ({ip}): 56 data bytes\n"));
    } else {
        out.stdout.push_str(&format!("PING {shown} ({ip}) 56(84) bytes of data.\n"));
    }
    // Who answers ICMP: a pod (or node) address does, a ClusterIP does not.
    let answers = c.cluster.pods().any(|p| p.status.pod_ip.as_deref() == Some(ip.as_str()) && p.is_active());
    let n = count.unwrap_or(10).clamp(1, 100);
    c.cluster.run_for(SimDuration::from_secs(n));
    let received = if answers { n } else { 0 };
    if answers {
        for seq in 0..n {
            if busybox {
                out.stdout.push_str(&format!("64 bytes from {ip}: seq={seq} ttl=64 time=0.081 ms\n"));
            } else {
                out.stdout.push_str(&format!("64 bytes from {ip}: icmp_seq={} ttl=64 time=0.081 ms\n", seq + 1));
            }
        }
    }
    if count.is_none() {
        out.stdout.push_str("^C\n");
    }
    let loss = if answers { 0 } else { 100 };
    if busybox {
        out.stdout.push_str(&format!(
            "\n--- {shown} ping statistics ---\n{n} packets transmitted, {received} packets received, {loss}% packet loss\n"
        ));
        if answers {
            out.stdout.push_str("round-trip min/avg/max = 0.081/0.081/0.081 ms\n");
        }
    } else {
        out.stdout.push_str(&format!(
            "\n--- {shown} ping statistics ---\n{n} packets transmitted, {received} received, {loss}% packet loss, time {}ms\n",
            (n - 1) * 1000 + 1
        ));
        if answers {
            out.stdout.push_str("rtt min/avg/max/mdev = 0.081/0.081/0.081/0.000 ms\n");
        }
    }
    if answers {
        0
    } else {
        1
    }
}

/// A load loop (`while sleep 0.01; do wget -q -O- http://svc; done`) in pod `t`: the first
/// request's output, as the loop prints it. The simulation then keeps the loop sending at its
/// rate every simulated second (see `kubelab_sim::traffic`).
pub(crate) fn loop_first_output(c: &mut Console, t: &Target, l: &images::LoadLoop, out: &mut Output) {
    // The loop's first iteration, run by the tool itself (so its errors read as that tool's).
    let tool = if l.curl { "curl" } else { "wget" };
    if !t.info.programs.iter().any(|p| p == tool) {
        out.stderr.push_str(&format!("{}\n", not_found(t.info.kind, tool)));
        return;
    }
    if l.curl {
        curl(c, t, std::slice::from_ref(&l.url), out);
    } else {
        wget(c, t, &["-q".to_string(), "-O-".to_string(), l.url.clone()], out);
    }
}

pub(super) fn http(c: &mut Console, t: &Target, url: &str, wget: bool) -> HttpOutcome {
    http_with_host(c, t, url, wget, None)
}

/// `http` with a `Host` header (`curl -H 'Host: name'`), which an ingress controller routes by.
pub(super) fn http_with_host(c: &mut Console, t: &Target, url: &str, wget: bool, host: Option<&str>) -> HttpOutcome {
    let ip = pod_ip(c, t.ns, t.pod);
    let ua = user_agent(t, wget);
    let client = Client { namespace: t.ns, ip: &ip, user_agent: &ua };
    network::http_get_with_host(&mut c.cluster, &client, url, host)
}

/// The curl releases the lab's terminals have: their error wording differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CurlVersion {
    /// CentOS 7.
    V7_29,
    /// The course era's Ubuntu 16.04 node.
    V7_47,
    /// Debian images (7.52, 7.88).
    Debian,
    /// A current Ubuntu 24.04 node.
    V8_5,
}

/// What `curl URL` prints for `outcome`, in `version`'s words; returns its exit code. A timeout
/// lets 2 simulated minutes pass (curl's default connect timeout is long).
pub(crate) fn curl_result(
    c: &mut Console,
    url: &str,
    outcome: HttpOutcome,
    version: CurlVersion,
    out: &mut Output,
) -> i32 {
    use CurlVersion::*;
    let (h, _) = network::parse_url(url).map(|u| (u.host, u.port)).unwrap_or_default();
    let (code, message) = match outcome {
        HttpOutcome::Answered { body, .. } => {
            out.stdout.push_str(&body);
            return 0;
        }
        HttpOutcome::BadUrl => {
            let scheme = url.split("://").next().unwrap_or("");
            (1, format!("curl: (1) Protocol \"{scheme}\" not supported or disabled in libcurl"))
        }
        HttpOutcome::CouldNotResolve => match version {
            V7_29 => (6, format!("curl: (6) Could not resolve host: {h}; Unknown error")),
            _ => (6, format!("curl: (6) Could not resolve host: {h}")),
        },
        HttpOutcome::Refused { port, .. } => match version {
            V7_29 => (7, format!("curl: (7) Failed connect to {h}:{port}; Connection refused")),
            V7_47 => (7, format!("curl: (7) Failed to connect to {h} port {port}: Connection refused")),
            Debian => (7, format!("curl: (7) Failed to connect to {h} port {port} after 0 ms: Connection refused")),
            V8_5 => {
                (7, format!("curl: (7) Failed to connect to {h} port {port} after 0 ms: Couldn't connect to server"))
            }
        },
        HttpOutcome::TimedOut { port, .. } => {
            c.cluster.run_for(SimDuration::from_secs(127));
            match version {
                V7_29 => (7, format!("curl: (7) Failed connect to {h}:{port}; Connection timed out")),
                V7_47 => (7, format!("curl: (7) Failed to connect to {h} port {port}: Connection timed out")),
                Debian | V8_5 => (
                    28,
                    format!(
                        "curl: (28) Failed to connect to {h} port {port} after 127000 ms: Couldn't connect to server"
                    ),
                ),
            }
        }
    };
    out.stderr.push_str(&message);
    out.stderr.push('\n');
    code
}

pub(super) fn curl(c: &mut Console, t: &Target, args: &[String], out: &mut Output) -> i32 {
    // `-H`/`--header` take the next word; a `Host:` header is sent as the request's host.
    let mut host_header: Option<String> = None;
    let mut urls: Vec<&String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-H" || a == "--header" {
            if let Some((k, v)) = args.get(i + 1).and_then(|h| h.split_once(':')) {
                if k.trim().eq_ignore_ascii_case("host") {
                    host_header = Some(v.trim().to_string());
                }
            }
            i += 2;
            continue;
        }
        if !a.starts_with('-') {
            urls.push(a);
        }
        i += 1;
    }
    let Some(url) = urls.first() else {
        out.stderr.push_str("curl: try 'curl --help' or 'curl --manual' for more information\n");
        return 2;
    };
    let version = if t.info.curl_version.starts_with("7.29.") { CurlVersion::V7_29 } else { CurlVersion::Debian };
    let outcome = http_with_host(c, t, url, false, host_header.as_deref());
    // `-s` silences curl's error message too, unless `-S` brings it back.
    let short: String = args.iter().filter(|a| a.starts_with('-') && !a.starts_with("--")).map(|a| &a[1..]).collect();
    let silent = (short.contains('s') || args.iter().any(|a| a == "--silent"))
        && !(short.contains('S') || args.iter().any(|a| a == "--show-error"));
    if silent {
        let mut quiet = Output::default();
        let code = curl_result(c, url, outcome, version, &mut quiet);
        out.stdout.push_str(&quiet.stdout);
        return code;
    }
    curl_result(c, url, outcome, version, out)
}

pub(super) fn wget(c: &mut Console, t: &Target, args: &[String], out: &mut Output) -> i32 {
    let mut quiet = false;
    let mut to_stdout = false;
    let mut url: Option<&String> = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-O" {
            to_stdout = args.get(i + 1).is_some_and(|f| f == "-");
            i += 2;
            continue;
        }
        if let Some(flags) = a.strip_prefix('-').filter(|f| !f.starts_with('-')) {
            quiet |= flags.contains('q');
            if let Some(pos) = flags.find('O') {
                to_stdout = &flags[pos + 1..] == "-";
            }
        } else if !a.starts_with('-') {
            url = Some(a);
        }
        i += 1;
    }
    let Some(url) = url else {
        out.stderr.push_str("BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: wget [-c|--continue] [--spider] [-q|--quiet] [-O|--output-document FILE]\n");
        return 1;
    };
    let parsed = network::parse_url(url);
    let (h, port) = parsed.map(|u| (u.host, u.port)).unwrap_or_default();
    match http(c, t, url, true) {
        HttpOutcome::Answered { status, body, ip, .. } => {
            if !quiet {
                out.stderr.push_str(&format!("Connecting to {h} ({ip}:{port})\n"));
            }
            if status >= 400 {
                out.stderr.push_str(&format!("wget: server returned error: HTTP/1.1 {status} {}\n", reason(status)));
                return 1;
            }
            if to_stdout {
                out.stdout.push_str(&body);
            } else if !quiet {
                out.stderr.push_str(&format!(
                    "index.html           100% |********************************|  {:>4}  0:00:00 ETA\n",
                    body.len()
                ));
            }
            0
        }
        HttpOutcome::BadUrl => {
            out.stderr.push_str(&format!("wget: not an http or ftp url: {url}\n"));
            1
        }
        HttpOutcome::CouldNotResolve => {
            out.stderr.push_str(&format!("wget: bad address '{h}'\n"));
            1
        }
        HttpOutcome::Refused { ip, .. } => {
            if !quiet {
                out.stderr.push_str(&format!("Connecting to {h} ({ip}:{port})\n"));
            }
            out.stderr.push_str(&format!("wget: can't connect to remote host ({ip}): Connection refused\n"));
            1
        }
        HttpOutcome::TimedOut { ip, .. } => {
            c.cluster.run_for(SimDuration::from_secs(127));
            if !quiet {
                out.stderr.push_str(&format!("Connecting to {h} ({ip}:{port})\n"));
            }
            out.stderr.push_str(&format!("wget: can't connect to remote host ({ip}): Connection timed out\n"));
            1
        }
    }
}

/// The reason phrase a server sends with `status` (nginx's and Go's wording).
pub(super) fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    }
}
