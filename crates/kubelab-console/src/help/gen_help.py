#!/usr/bin/env python3
"""Generates the help/*.txt pages (kubectl 1.33, non-terminal layout). Usage: python3 gen_help.py <dir of help.rs>/help"""
import os, sys

OUT = sys.argv[1]

def F(short, name, typ, default, usage):
    return (short, name, typ, default, usage)

AMTK = F("", "allow-missing-template-keys", "bool", "true", "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.")
DRY = F("", "dry-run", "string", "none", 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.')
def FM(d): return F("", "field-manager", "string", d, "Name of the manager used to track field ownership.")
def FILE(u): return F("f", "filename", "slice", "[]", "Filename, directory, or URL to files " + u)
KUST = F("k", "kustomize", "string", "", "Process the kustomization directory. This flag can't be used together with -f or -R.")
KUST_A = F("k", "kustomize", "string", "", "Process a kustomization directory. This flag can't be used together with -f or -R.")
OUTPUT = F("o", "output", "string", "", "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).")
REC = F("R", "recursive", "bool", "false", "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.")
SEL = F("l", "selector", "string", "", "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.")
FSEL = F("", "field-selector", "string", "", "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.")
SMF = F("", "show-managed-fields", "bool", "false", "If true, keep the managedFields when printing objects in JSON or YAML format.")
TPL = F("", "template", "string", "", "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].")
VALIDATE = F("", "validate", "string", "strict", 'Must be one of: strict (or true), warn, ignore (or false). "true" or "strict" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. "warn" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as "ignore" otherwise. "false" or "ignore" will not perform any schema validation, silently dropping any unknown or duplicate fields.')
SAVE = F("", "save-config", "bool", "false", "If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.")
ALLNS = F("A", "all-namespaces", "bool", "false", "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.")
CHUNK = F("", "chunk-size", "int", "500", "Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.")
CASCADE = F("", "cascade", "string", "background", 'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.')
FORCE = F("", "force", "bool", "false", "If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.")
GRACE = F("", "grace-period", "int", "-1", "Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).")
DEL_TIMEOUT = F("", "timeout", "duration", "0s", "The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object")
PRT = F("", "pod-running-timeout", "duration", "1m0s", "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running")
OVERRIDE_TYPE = F("", "override-type", "string", "merge", "The method used to override the generated object: json, merge, or strategic.")

def render_flag(f):
    short, name, typ, default, usage = f
    if typ == "string":
        val = "'" + default + "'"
    else:
        val = default
    head = ("    -%s, --%s=%s:" % (short, name, val)) if short else ("    --%s=%s:" % (name, val))
    return head + "\n\t" + usage + "\n\n"

def examples(text):
    lines = text.strip().split("\n")
    return "\n".join("  " + l.strip() for l in lines)

def cmd_groups(subs):
    width = max([11] + [len(n) for n, _ in subs]) + 2
    return "Available Commands:\n" + "\n".join("  " + n.ljust(width) + " " + s for n, s in subs)

def render(long, usage, flags=(), example=None, subs=None, aliases=None, cmdpath=None):
    out = long.rstrip("\n")
    out += "\n\n"
    if aliases:
        out += "Aliases:\n" + aliases + "\n\n"
    if example:
        out += "Examples:\n" + examples(example) + "\n\n"
    if subs:
        out += cmd_groups(subs) + "\n\n"
    if flags:
        fl = sorted(flags, key=lambda f: f[1])
        names = [f[1] for f in fl]
        assert len(names) == len(set(names)), names
        out += "Options:\n" + "".join(render_flag(f) for f in fl).rstrip() + "\n\n"
    if usage:
        out += "Usage:\n  " + usage + "\n\n"
    if subs:
        out += 'Use "%s <command> --help" for more information about a given command.\n' % cmdpath
    out += 'Use "kubectl options" for a list of global command-line options (applies to all commands).\n'
    return out

T = {}

API_RES = 'Use "kubectl api-resources" for a complete list of supported resources.'

T["get"] = render(
    "Display one or many resources.\n\n"
    " Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace if you don't specify any namespace.\n\n"
    " By specifying the output as 'template' and providing a Go template as the value of the --template flag, you can filter the attributes of the fetched resources.\n\n" + API_RES,
    "kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]",
    [ALLNS, AMTK, CHUNK, FSEL, FILE("identifying the resource to get from a server."),
     F("", "ignore-not-found", "bool", "false", "If the requested object does not exist the command will return exit code 0."),
     KUST,
     F("L", "label-columns", "slice", "[]", "Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2..."),
     F("", "no-headers", "bool", "false", "When using the default or custom-column output format, don't print headers (default print headers)."),
     F("o", "output", "string", "", "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns [https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template [http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/]."),
     F("", "output-watch-events", "bool", "false", "Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events."),
     F("", "raw", "string", "", "Raw URI to request from the server.  Uses the transport specified by the kubeconfig file."),
     REC, SEL,
     F("", "server-print", "bool", "true", "If true, have the server return the appropriate table output. Supports extension APIs and CRDs."),
     F("", "show-kind", "bool", "false", "If present, list the resource type for the requested object(s)."),
     F("", "show-labels", "bool", "false", "When printing, show all labels as the last column (default hide labels column)"),
     SMF,
     F("", "sort-by", "string", "", "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string."),
     F("", "subresource", "string", "", "If specified, gets the subresource of the requested object."),
     TPL,
     F("w", "watch", "bool", "false", "After listing/getting the requested object, watch for changes."),
     F("", "watch-only", "bool", "false", "Watch for changes to the requested object(s), without listing/getting first."),
    ],
    """
    # List all pods in ps output format
    kubectl get pods

    # List all pods in ps output format with more information (such as node name)
    kubectl get pods -o wide

    # List a single replication controller with specified NAME in ps output format
    kubectl get replicationcontroller web

    # List deployments in JSON output format, in the "v1" version of the "apps" API group
    kubectl get deployments.v1.apps -o json

    # List a single pod in JSON output format
    kubectl get -o json pod web-pod-13je7

    # List a pod identified by type and name specified in "pod.yaml" in JSON output format
    kubectl get -f pod.yaml -o json

    # List resources from a directory with kustomization.yaml - e.g. dir/kustomization.yaml
    kubectl get -k dir/

    # Return only the phase value of the specified pod
    kubectl get -o template pod/web-pod-13je7 --template={{.status.phase}}

    # List resource information in custom columns
    kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image

    # List all replication controllers and services together in ps output format
    kubectl get rc,services

    # List one or more resources by their type and names
    kubectl get rc/web service/frontend pods/web-pod-13je7

    # List the 'status' subresource for a single pod
    kubectl get pod web-pod-13je7 --subresource status

    # List all deployments in namespace 'backend'
    kubectl get deployments.apps --namespace backend

    # List all pods existing in all namespaces
    kubectl get pods --all-namespaces
    """)

T["describe"] = render(
    "Show details of a specific resource or group of resources.\n\n"
    " Print a detailed description of the selected resources, including related resources such as events or controllers. You may select a single object by name, all objects of that type, provide a name prefix, or label selector. For example:\n\n"
    "        $ kubectl describe TYPE NAME_PREFIX\n        \n"
    " will first check for an exact match on TYPE and NAME_PREFIX. If no such resource exists, it will output details for every resource that has a name prefixed with NAME_PREFIX.\n\n" + API_RES,
    "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]",
    [ALLNS, CHUNK, FILE("containing the resource to describe"), KUST, REC, SEL,
     F("", "show-events", "bool", "true", "If true, display events related to the described object.")],
    """
    # Describe a node
    kubectl describe nodes kubernetes-node-emt8.c.myproject.internal

    # Describe a pod
    kubectl describe pods/nginx

    # Describe a pod identified by type and name in "pod.json"
    kubectl describe -f pod.json

    # Describe all pods
    kubectl describe pods

    # Describe pods by label name=myLabel
    kubectl describe pods -l name=myLabel

    # Describe all pods managed by the 'frontend' replication controller
    # (rc-created pods get the name of the rc as a prefix in the pod name)
    kubectl describe pods frontend
    """)

CREATE_SUBS = [
    ("clusterrole", "Create a cluster role"),
    ("clusterrolebinding", "Create a cluster role binding for a particular cluster role"),
    ("configmap", "Create a config map from a local file, directory or literal value"),
    ("cronjob", "Create a cron job with the specified name"),
    ("deployment", "Create a deployment with the specified name"),
    ("ingress", "Create an ingress with the specified name"),
    ("job", "Create a job with the specified name"),
    ("namespace", "Create a namespace with the specified name"),
    ("poddisruptionbudget", "Create a pod disruption budget with the specified name"),
    ("priorityclass", "Create a priority class with the specified name"),
    ("quota", "Create a quota with the specified name"),
    ("role", "Create a role with single rule"),
    ("rolebinding", "Create a role binding for a particular role or cluster role"),
    ("secret", "Create a secret using a specified subcommand"),
    ("service", "Create a service using a specified subcommand"),
    ("serviceaccount", "Create a service account with the specified name"),
    ("token", "Request a service account token"),
]
T["create"] = render(
    "Create a resource from a file or from stdin.\n\n JSON and YAML formats are accepted.",
    "kubectl create -f FILENAME [options]",
    [AMTK, DRY, F("", "edit", "bool", "false", "Edit the API resource before creating"), FM("kubectl-create"),
     FILE("to use to create the resource"), KUST, OUTPUT,
     F("", "raw", "string", "", "Raw URI to POST to the server.  Uses the transport specified by the kubeconfig file."),
     REC, SAVE, SEL, SMF, TPL, VALIDATE,
     F("", "windows-line-endings", "bool", "false", "Only relevant if --edit=true. Defaults to the line ending native to your platform.")],
    """
    # Create a pod using the data in pod.json
    kubectl create -f ./pod.json

    # Create a pod based on the JSON passed into stdin
    cat pod.json | kubectl create -f -

    # Edit the data in registry.yaml in JSON then create the resource using the edited data
    kubectl create -f registry.yaml --edit -o json
    """, subs=CREATE_SUBS, cmdpath="kubectl create")

CREATE_COMMON = [AMTK, DRY, FM("kubectl-create"), OUTPUT, SAVE, SMF, TPL, VALIDATE]

T["create_deployment"] = render(
    "Create a deployment with the specified name.",
    "kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]",
    CREATE_COMMON + [
        F("", "image", "slice", "[]", "Image names to run. A deployment can have multiple images set for multi-container pod."),
        F("", "port", "int", "-1", "The containerPort that this deployment exposes."),
        F("r", "replicas", "int", "1", "Number of replicas to create. Default is 1."),
    ],
    """
    # Create a deployment named my-dep that runs the busybox image
    kubectl create deployment my-dep --image=busybox

    # Create a deployment with a command
    kubectl create deployment my-dep --image=busybox -- date

    # Create a deployment named my-dep that runs the nginx image with 3 replicas
    kubectl create deployment my-dep --image=nginx --replicas=3

    # Create a deployment named my-dep that runs the busybox image and expose port 5701
    kubectl create deployment my-dep --image=busybox --port=5701

    # Create a deployment named my-dep that runs multiple containers
    kubectl create deployment my-dep --image=busybox:latest --image=ubuntu:latest --image=nginx
    """, aliases="deployment, deploy")

T["create_namespace"] = render(
    "Create a namespace with the specified name.",
    "kubectl create namespace NAME [--dry-run=server|client|none] [options]",
    CREATE_COMMON,
    """
    # Create a new namespace named my-namespace
    kubectl create namespace my-namespace
    """, aliases="namespace, ns")

T["create_service"] = render(
    "Create a service using a specified subcommand.",
    "kubectl create service [flags] [options]",
    [], None,
    subs=[("clusterip", "Create a ClusterIP service"),
          ("externalname", "Create an ExternalName service"),
          ("loadbalancer", "Create a LoadBalancer service"),
          ("nodeport", "Create a NodePort service")],
    aliases="service, svc", cmdpath="kubectl create service")

T["apply"] = render(
    "Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be created if it doesn't exist yet. To use 'apply', always create the resource initially with either 'apply' or 'create --save-config'.\n\n"
    " JSON and YAML formats are accepted.\n\n"
    " Alpha Disclaimer: the --prune functionality is not yet complete. Do not use unless you are aware of what the current state is. See https://issues.k8s.io/34274.",
    "kubectl apply (-f FILENAME | -k DIRECTORY) [options]",
    [F("", "all", "bool", "false", "Select all resources in the namespace of the specified resource types."),
     AMTK, CASCADE, DRY, FM("kubectl-client-side-apply"),
     F("f", "filename", "slice", "[]", "The files that contain the configurations to apply."),
     FORCE,
     F("", "force-conflicts", "bool", "false", "If true, server-side apply will force the changes against conflicts."),
     GRACE, KUST_A,
     F("", "openapi-patch", "bool", "true", "If true, use openapi to calculate diff when the openapi presents and the resource can be found in the openapi spec. Otherwise, fall back to use baked-in types."),
     OUTPUT,
     F("", "overwrite", "bool", "true", "Automatically resolve conflicts between the modified and live configuration by using values from the modified configuration"),
     F("", "prune", "bool", "false", "Automatically delete resource objects, that do not appear in the configs and are created by either apply or create --save-config. Should be used with either -l or --all."),
     F("", "prune-allowlist", "slice", "[]", "Overwrite the default allowlist with <group/version/kind> for --prune"),
     REC, SEL,
     F("", "server-side", "bool", "false", "If true, apply runs in the server instead of the client."),
     SMF,
     F("", "subresource", "string", "", "If specified, apply will operate on the subresource of the requested object.  Only allowed when using --server-side."),
     TPL, DEL_TIMEOUT, VALIDATE,
     F("", "wait", "bool", "false", "If true, wait for resources to be gone before returning. This waits for finalizers."),
    ],
    """
    # Apply the configuration in pod.json to a pod
    kubectl apply -f ./pod.json

    # Apply resources from a directory containing kustomization.yaml - e.g. dir/kustomization.yaml
    kubectl apply -k dir/

    # Apply the JSON passed into stdin to a pod
    cat pod.json | kubectl apply -f -

    # Apply the configuration from all files that end with '.json'
    kubectl apply -f '*.json'

    # Note: --prune is still in Alpha
    # Apply the configuration in manifest.yaml that matches label app=nginx and delete all other resources that are not in the file and match label app=nginx
    kubectl apply --prune -f manifest.yaml -l app=nginx

    # Apply the configuration in manifest.yaml and delete all the other config maps that are not in the file
    kubectl apply --prune -f manifest.yaml --all --prune-allowlist=core/v1/ConfigMap
    """,
    subs=[("edit-last-applied", "Edit latest last-applied-configuration annotations of a resource/object"),
          ("set-last-applied", "Set the last-applied-configuration annotation on a live object to match the contents of a file"),
          ("view-last-applied", "View the latest last-applied-configuration annotations of a resource/object")],
    cmdpath="kubectl apply")

T["delete"] = render(
    "Delete resources by file names, stdin, resources and names, or by resources and label selector.\n\n"
    " JSON and YAML formats are accepted. Only one type of argument may be specified: file names, resources and names, or resources and label selector.\n\n"
    " Some resources, such as pods, support graceful deletion. These resources define a default period before they are forcibly terminated (the grace period) but you may override that value with the --grace-period flag, or pass --now to set a grace-period of 1. Because these resources often represent entities in the cluster, deletion may not be acknowledged immediately. If the node hosting a pod is down or cannot reach the API server, termination may take significantly longer than the grace period. To force delete a resource, you must specify the --force flag. Note: only a subset of resources support graceful deletion. In absence of the support, the --grace-period flag is ignored.\n\n"
    " IMPORTANT: Force deleting pods does not wait for confirmation that the pod's processes have been terminated, which can leave those processes running until the node detects the deletion and completes graceful deletion. If your processes use shared storage or talk to a remote API and depend on the name of the pod to identify themselves, force deleting those pods may result in multiple processes running on different machines using the same identification which may lead to data corruption or inconsistency. Only force delete pods when you are sure the pod is terminated, or if your application can tolerate multiple copies of the same pod running at once. Also, if you force delete pods, the scheduler may place new pods on those nodes before the node has released those resources and causing those pods to be evicted immediately.\n\n"
    " Note that the delete command does NOT do resource version checks, so if someone submits an update to a resource right when you submit a delete, their update will be lost along with the rest of the resource.\n\n"
    " After a CustomResourceDefinition is deleted, invalidation of discovery cache may take up to 6 hours. If you don't want to wait, you might want to run \"kubectl api-resources\" to refresh the discovery cache.",
    "kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]",
    [F("", "all", "bool", "false", "Delete all resources, in the namespace of the specified resource types."),
     ALLNS, CASCADE, DRY, FSEL, FILE("containing the resource to delete."), FORCE, GRACE,
     F("", "ignore-not-found", "bool", "false", 'Treat "resource not found" as a successful delete. Defaults to "true" when --all is specified.'),
     F("i", "interactive", "bool", "false", "If true, delete resource only when user confirms."),
     KUST_A,
     F("", "now", "bool", "false", "If true, resources are signaled for immediate shutdown (same as --grace-period=1)."),
     F("o", "output", "string", "", 'Output mode. Use "-o name" for shorter output (resource/name).'),
     F("", "raw", "string", "", "Raw URI to DELETE to the server.  Uses the transport specified by the kubeconfig file."),
     REC, SEL, DEL_TIMEOUT,
     F("", "wait", "bool", "true", "If true, wait for resources to be gone before returning. This waits for finalizers."),
    ],
    """
    # Delete a pod using the type and name specified in pod.json
    kubectl delete -f ./pod.json

    # Delete resources from a directory containing kustomization.yaml - e.g. dir/kustomization.yaml
    kubectl delete -k dir

    # Delete resources from all files that end with '.json'
    kubectl delete -f '*.json'

    # Delete a pod based on the type and name in the JSON passed into stdin
    cat pod.json | kubectl delete -f -

    # Delete pods and services with same names "baz" and "foo"
    kubectl delete pod,service baz foo

    # Delete pods and services with label name=myLabel
    kubectl delete pods,services -l name=myLabel

    # Delete a pod with minimal delay
    kubectl delete pod foo --now

    # Force delete a pod on a dead node
    kubectl delete pod foo --force

    # Delete all pods
    kubectl delete pods --all

    # Delete all pods only if the user confirms the deletion
    kubectl delete pods --all --interactive
    """)

T["run"] = render(
    "Create and run a particular image in a pod.",
    'kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]',
    [AMTK,
     F("", "annotations", "array", "[]", "Annotations to apply to the pod."),
     F("", "attach", "bool", "false", "If true, wait for the Pod to start running, and then attach to the Pod as if 'kubectl attach ...' were called.  Default false, unless '-i/--stdin' is set, in which case the default is true. With '--restart=Never' the exit code of the container process is returned."),
     CASCADE,
     F("", "command", "bool", "false", "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default."),
     DRY,
     F("", "env", "array", "[]", "Environment variables to set in the container."),
     F("", "expose", "bool", "false", "If true, create a ClusterIP service associated with the pod.  Requires `--port`."),
     FM("kubectl-run"), FILE("to use to replace the resource."), FORCE, GRACE,
     F("", "image", "string", "", "The image for the container to run."),
     F("", "image-pull-policy", "string", "", "The image pull policy for the container.  If left empty, this value will not be specified by the client and defaulted by the server."),
     KUST,
     F("l", "labels", "string", "", "Comma separated labels to apply to the pod. Will override previous values."),
     F("", "leave-stdin-open", "bool", "false", "If the pod is started in interactive mode or with stdin, leave stdin open after the first attach completes. By default, stdin will be closed after the first attach completes."),
     OUTPUT, OVERRIDE_TYPE,
     F("", "overrides", "string", "", "An inline JSON override for the generated object. If this is non-empty, it is used to override the generated object. Requires that the object supply a valid apiVersion field."),
     PRT,
     F("", "port", "string", "", "The port that this container exposes."),
     F("", "privileged", "bool", "false", "If true, run the container in privileged mode."),
     F("q", "quiet", "bool", "false", "If true, suppress prompt messages."),
     REC,
     F("", "restart", "string", "Always", "The restart policy for this Pod.  Legal values [Always, OnFailure, Never]."),
     F("", "rm", "bool", "false", "If true, delete the pod after it exits.  Only valid when attaching to the container, e.g. with '--attach' or with '-i/--stdin'."),
     SAVE, SMF,
     F("i", "stdin", "bool", "false", "Keep stdin open on the container in the pod, even if nothing is attached."),
     TPL, DEL_TIMEOUT,
     F("t", "tty", "bool", "false", "Allocate a TTY for the container in the pod."),
     F("", "wait", "bool", "false", "If true, wait for resources to be gone before returning. This waits for finalizers."),
    ],
    """
    # Start a nginx pod
    kubectl run nginx --image=nginx

    # Start a hazelcast pod and let the container expose port 5701
    kubectl run hazelcast --image=hazelcast/hazelcast --port=5701

    # Start a hazelcast pod and set environment variables "DNS_DOMAIN=cluster" and "POD_NAMESPACE=default" in the container
    kubectl run hazelcast --image=hazelcast/hazelcast --env="DNS_DOMAIN=cluster" --env="POD_NAMESPACE=default"

    # Start a hazelcast pod and set labels "app=hazelcast" and "env=prod" in the container
    kubectl run hazelcast --image=hazelcast/hazelcast --labels="app=hazelcast,env=prod"

    # Dry run; print the corresponding API objects without creating them
    kubectl run nginx --image=nginx --dry-run=client

    # Start a nginx pod, but overload the spec with a partial set of values parsed from JSON
    kubectl run nginx --image=nginx --overrides='{ "apiVersion": "v1", "spec": { ... } }'

    # Start a busybox pod and keep it in the foreground, don't restart it if it exits
    kubectl run -i -t busybox --image=busybox --restart=Never

    # Start the nginx pod using the default command, but use custom arguments (arg1 .. argN) for that command
    kubectl run nginx --image=nginx -- <arg1> <arg2> ... <argN>

    # Start the nginx pod using a different command and custom arguments
    kubectl run nginx --image=nginx --command -- <cmd> <arg1> ... <argN>
    """)

T["scale"] = render(
    "Set a new size for a deployment, replica set, replication controller, or stateful set.\n\n"
    " Scale also allows users to specify one or more preconditions for the scale action.\n\n"
    " If --current-replicas or --resource-version is specified, it is validated before the scale is attempted, and it is guaranteed that the precondition holds true when the scale is sent to the server.",
    "kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]",
    [F("", "all", "bool", "false", "Select all resources in the namespace of the specified resource types"),
     AMTK,
     F("", "current-replicas", "int", "-1", "Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition."),
     DRY, FILE("identifying the resource to set a new size"), KUST, OUTPUT, REC,
     F("", "replicas", "int", "0", "The new desired number of replicas. Required."),
     F("", "resource-version", "string", "", "Precondition for resource version. Requires that the current resource version match this value in order to scale."),
     SEL, SMF, TPL,
     F("", "timeout", "duration", "0s", "The length of time to wait before giving up on a scale operation, zero means don't wait. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h)."),
    ],
    """
    # Scale a replica set named 'foo' to 3
    kubectl scale --replicas=3 rs/foo

    # Scale a resource identified by type and name specified in "foo.yaml" to 3
    kubectl scale --replicas=3 -f foo.yaml

    # If the deployment named mysql's current size is 2, scale mysql to 3
    kubectl scale --current-replicas=2 --replicas=3 deployment/mysql

    # Scale multiple replication controllers
    kubectl scale --replicas=5 rc/example1 rc/example2 rc/example3

    # Scale stateful set named 'web' to 3
    kubectl scale --replicas=3 statefulset/web
    """)

T["autoscale"] = render(
    "Creates an autoscaler that automatically chooses and sets the number of pods that run in a Kubernetes cluster.\n\n"
    " Looks up a deployment, replica set, stateful set, or replication controller by name and creates an autoscaler that uses the given resource as a reference. An autoscaler can automatically increase or decrease number of pods deployed within the system as needed.",
    "kubectl autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU] [options]",
    [AMTK,
     F("", "cpu-percent", "int", "-1", "The target average CPU utilization (represented as a percent of requested CPU) over all the pods. If it's not specified or negative, a default autoscaling policy will be used."),
     DRY, FM("kubectl-autoscale"), FILE("identifying the resource to autoscale."), KUST,
     F("", "max", "int", "-1", "The upper limit for the number of pods that can be set by the autoscaler. Required."),
     F("", "min", "int", "-1", "The lower limit for the number of pods that can be set by the autoscaler. If it's not specified or negative, the server will apply a default value."),
     F("", "name", "string", "", "The name for the newly created object. If not specified, the name of the input resource will be used."),
     OUTPUT, REC, SAVE, SMF, TPL,
    ],
    """
    # Auto scale a deployment "foo", with the number of pods between 2 and 10, no target CPU utilization specified so a default autoscaling policy will be used
    kubectl autoscale deployment foo --min=2 --max=10

    # Auto scale a replication controller "foo", with the number of pods between 1 and 5, target CPU utilization at 80%
    kubectl autoscale rc foo --max=5 --cpu-percent=80
    """)

T["set"] = render(
    "Configure application resources.\n\n These commands help you make changes to existing application resources.",
    "kubectl set SUBCOMMAND [options]",
    [], None,
    subs=[("env", "Update environment variables on a pod template"),
          ("image", "Update the image of a pod template"),
          ("resources", "Update resource requests/limits on objects with pod templates"),
          ("selector", "Set the selector on a resource"),
          ("serviceaccount", "Update the service account of a resource"),
          ("subject", "Update the user, group, or service account in a role binding or cluster role binding")],
    cmdpath="kubectl set")

T["set_image"] = render(
    "Update existing container image(s) of resources.\n\n"
    " Possible resources include (case insensitive):\n\n"
    "        pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), cronjob (cj), replicaset (rs)",
    "kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]",
    [F("", "all", "bool", "false", "Select all resources, in the namespace of the specified resource types"),
     AMTK, DRY, FM("kubectl-set"), FILE("identifying the resource to get from a server."), KUST,
     F("", "local", "bool", "false", "If true, set image will NOT contact api-server but run locally."),
     OUTPUT, REC, SEL, SMF, TPL],
    """
    # Set a deployment's nginx container image to 'nginx:1.9.1', and its busybox container image to 'busybox'
    kubectl set image deployment/nginx busybox=busybox nginx=nginx:1.9.1

    # Update all deployments' and rc's nginx container's image to 'nginx:1.9.1'
    kubectl set image deployments,rc nginx=nginx:1.9.1 --all

    # Update image of all containers of daemonset abc to 'nginx:1.9.1'
    kubectl set image daemonset abc *=nginx:1.9.1

    # Print result (in yaml format) of updating nginx container image from local file, without hitting the server
    kubectl set image -f path/to/file.yaml nginx=nginx:1.9.1 --local -o yaml
    """)

T["rollout"] = render(
    "Manage the rollout of one or many resources.\n  \n"
    " Valid resource types include:\n\n"
    "  *  deployments\n  *  daemonsets\n  *  statefulsets",
    "kubectl rollout SUBCOMMAND [options]",
    [],
    """
    # Rollback to the previous deployment
    kubectl rollout undo deployment/abc

    # Check the rollout status of a daemonset
    kubectl rollout status daemonset/foo

    # Restart a deployment
    kubectl rollout restart deployment/abc

    # Restart deployments with the app=nginx label
    kubectl rollout restart deployment --selector=app=nginx
    """,
    subs=[("history", "View rollout history"),
          ("pause", "Mark the provided resource as paused"),
          ("restart", "Restart a resource"),
          ("resume", "Resume a paused resource"),
          ("status", "Show the status of the rollout"),
          ("undo", "Undo a previous rollout")],
    cmdpath="kubectl rollout")

ROLLOUT_GET = FILE("identifying the resource to get from a server.")

T["rollout_status"] = render(
    "Show the status of the rollout.\n\n"
    " By default 'rollout status' will watch the status of the latest rollout until it's done. If you don't want to wait for the rollout to finish then you can use --watch=false. Note that if a new rollout starts in-between, then 'rollout status' will continue watching the latest revision. If you want to pin to a specific revision and abort if it is rolled over by another revision, use --revision=N where N is the revision you need to watch for.",
    "kubectl rollout status (TYPE NAME | TYPE/NAME) [flags] [options]",
    [ROLLOUT_GET, KUST, REC,
     F("", "revision", "int", "0", "Pin to a specific revision for showing its status. Defaults to 0 (last revision)."),
     SEL,
     F("", "timeout", "duration", "0s", "The length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h)."),
     F("w", "watch", "bool", "true", "Watch the status of the rollout until it's done.")],
    """
    # Watch the rollout status of a deployment
    kubectl rollout status deployment/nginx
    """)

T["rollout_history"] = render(
    "View previous rollout revisions and configurations.",
    "kubectl rollout history (TYPE NAME | TYPE/NAME) [flags] [options]",
    [AMTK, ROLLOUT_GET, KUST, OUTPUT, REC,
     F("", "revision", "int", "0", "See the details, including podTemplate of the revision specified"),
     SEL, SMF, TPL],
    """
    # View the rollout history of a deployment
    kubectl rollout history deployment/abc

    # View the details of daemonset revision 3
    kubectl rollout history daemonset/abc --revision=3
    """)

T["rollout_undo"] = render(
    "Roll back to a previous rollout.",
    "kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]",
    [AMTK, DRY, ROLLOUT_GET, KUST, OUTPUT, REC, SEL, SMF, TPL,
     F("", "to-revision", "int", "0", "The revision to rollback to. Default to 0 (last revision).")],
    """
    # Roll back to the previous deployment
    kubectl rollout undo deployment/abc

    # Roll back to daemonset revision 3
    kubectl rollout undo daemonset/abc --to-revision=3

    # Roll back to the previous deployment with dry-run
    kubectl rollout undo --dry-run=server deployment/abc
    """)

ROLLOUT_MUTATE = [AMTK, FM("kubectl-rollout"), ROLLOUT_GET, KUST, OUTPUT, REC, SEL, SMF, TPL]

T["rollout_pause"] = render(
    "Mark the provided resource as paused.\n\n"
    ' Paused resources will not be reconciled by a controller. Use "kubectl rollout resume" to resume a paused resource. Currently only deployments support being paused.',
    "kubectl rollout pause RESOURCE [options]",
    ROLLOUT_MUTATE,
    """
    # Mark the nginx deployment as paused
    # Any current state of the deployment will continue its function; new updates
    # to the deployment will not have an effect as long as the deployment is paused
    kubectl rollout pause deployment/nginx
    """)

T["rollout_resume"] = render(
    "Resume a paused resource.\n\n"
    " Paused resources will not be reconciled by a controller. By resuming a resource, we allow it to be reconciled again. Currently only deployments support being resumed.",
    "kubectl rollout resume RESOURCE [options]",
    ROLLOUT_MUTATE,
    """
    # Resume an already paused deployment
    kubectl rollout resume deployment/nginx
    """)

T["rollout_restart"] = render(
    "Restart a resource.\n\n        Resource rollout will be restarted.",
    "kubectl rollout restart RESOURCE [options]",
    ROLLOUT_MUTATE,
    """
    # Restart all deployments in the test-namespace namespace
    kubectl rollout restart deployment -n test-namespace

    # Restart a deployment
    kubectl rollout restart deployment/nginx

    # Restart a daemon set
    kubectl rollout restart daemonset/abc

    # Restart deployments with the app=nginx label
    kubectl rollout restart deployment --selector=app=nginx
    """)

T["label"] = render(
    "Update the labels on a resource.\n\n"
    "  *  A label key and value must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters each.\n"
    "  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.\n"
    "  *  If --overwrite is true, then existing labels can be overwritten, otherwise attempting to overwrite a label will result in an error.\n"
    "  *  If --resource-version is specified, then updates will use this resource version, otherwise the existing resource-version will be used.",
    "kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
    [F("", "all", "bool", "false", "Select all resources, in the namespace of the specified resource types"),
     F("A", "all-namespaces", "bool", "false", "If true, check the specified action in all namespaces."),
     AMTK, DRY, FM("kubectl-label"), FSEL, FILE("identifying the resource to update the labels"), KUST,
     F("", "list", "bool", "false", "If true, display the labels for a given resource."),
     F("", "local", "bool", "false", "If true, label will NOT contact api-server but run locally."),
     OUTPUT,
     F("", "overwrite", "bool", "false", "If true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels."),
     REC,
     F("", "resource-version", "string", "", "If non-empty, the labels update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource."),
     SEL, SMF, TPL],
    """
    # Update pod 'foo' with the label 'unhealthy' and the value 'true'
    kubectl label pods foo unhealthy=true

    # Update pod 'foo' with the label 'status' and the value 'unhealthy', overwriting any existing value
    kubectl label --overwrite pods foo status=unhealthy

    # Update all pods in the namespace
    kubectl label pods --all status=unhealthy

    # Update a pod identified by the type and name in "pod.json"
    kubectl label -f pod.json status=unhealthy

    # Update pod 'foo' only if the resource is unchanged from version 1
    kubectl label pods foo status=unhealthy --resource-version=1

    # Update pod 'foo' by removing a label named 'bar' if it exists
    # Does not require the --overwrite flag
    kubectl label pods foo bar-
    """)

T["annotate"] = render(
    "Update the annotations on one or more resources.\n\n"
    " All Kubernetes objects support the ability to store additional data with the object as annotations. Annotations are key/value pairs that can be larger than labels and include arbitrary string values such as structured JSON. Tools and system extensions may use annotations to store their own data.\n\n"
    " Attempting to set an annotation that already exists will fail unless --overwrite is set. If --resource-version is specified and does not match the current resource version on the server the command will fail.\n\n" + API_RES,
    "kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
    [F("", "all", "bool", "false", "Select all resources, in the namespace of the specified resource types."),
     F("A", "all-namespaces", "bool", "false", "If true, check the specified action in all namespaces."),
     AMTK, DRY, FM("kubectl-annotate"), FSEL, FILE("identifying the resource to update the annotation"), KUST,
     F("", "list", "bool", "false", "If true, display the annotations for a given resource."),
     F("", "local", "bool", "false", "If true, annotation will NOT contact api-server but run locally."),
     OUTPUT,
     F("", "overwrite", "bool", "false", "If true, allow annotations to be overwritten, otherwise reject annotation updates that overwrite existing annotations."),
     REC,
     F("", "resource-version", "string", "", "If non-empty, the annotation update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource."),
     SEL, SMF, TPL],
    """
    # Update pod 'foo' with the annotation 'description' and the value 'my frontend'
    # If the same annotation is set multiple times, only the last value will be applied
    kubectl annotate pods foo description='my frontend'

    # Update a pod identified by type and name in "pod.json"
    kubectl annotate -f pod.json description='my frontend'

    # Update pod 'foo' with the annotation 'description' and the value 'my frontend running nginx', overwriting any existing value
    kubectl annotate --overwrite pods foo description='my frontend running nginx'

    # Update all pods in the namespace
    kubectl annotate pods --all description='my frontend running nginx'

    # Update pod 'foo' only if the resource is unchanged from version 1
    kubectl annotate pods foo description='my frontend running nginx' --resource-version=1

    # Update pod 'foo' by removing an annotation named 'description' if it exists
    # Does not require the --overwrite flag
    kubectl annotate pods foo description-
    """)

T["patch"] = render(
    "Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.\n\n"
    " JSON and YAML formats are accepted.\n\n"
    " Note: Strategic merge patch is not supported for custom resources.",
    "kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]",
    [AMTK, DRY, FM("kubectl-patch"), FILE("identifying the resource to update"), KUST,
     F("", "local", "bool", "false", "If true, patch will operate on the content of the file, not the server-side resource."),
     OUTPUT,
     F("p", "patch", "string", "", "The patch to be applied to the resource JSON file."),
     F("", "patch-file", "string", "", "A file containing a patch to be applied to the resource."),
     REC, SMF,
     F("", "subresource", "string", "", "If specified, patch will operate on the subresource of the requested object."),
     TPL,
     F("", "type", "string", "strategic", "The type of patch being provided; one of [json merge strategic]")],
    """
    # Partially update a node using a strategic merge patch, specifying the patch as JSON
    kubectl patch node k8s-node-1 -p '{"spec":{"unschedulable":true}}'

    # Partially update a node using a strategic merge patch, specifying the patch as YAML
    kubectl patch node k8s-node-1 -p $'spec:\\n unschedulable: true'

    # Partially update a node identified by the type and name specified in "node.json" using strategic merge patch
    kubectl patch -f node.json -p '{"spec":{"unschedulable":true}}'

    # Update a container's image; spec.containers[*].name is required because it's a merge key
    kubectl patch pod valid-pod -p '{"spec":{"containers":[{"name":"kubernetes-serve-hostname","image":"new image"}]}}'

    # Update a container's image using a JSON patch with positional arrays
    kubectl patch pod valid-pod --type='json' -p='[{"op": "replace", "path": "/spec/containers/0/image", "value":"new image"}]'

    # Update a deployment's replicas through the 'scale' subresource using a merge patch
    kubectl patch deployment nginx-deployment --subresource='scale' --type='merge' -p '{"spec":{"replicas":2}}'
    """)

T["explain"] = render(
    "Describe fields and structure of various resources.\n\n"
    " This command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:\n\n"
    "        <type>.<fieldName>[.<fieldName>]\n        \n"
    " Information about each field is retrieved from the server in OpenAPI format.\n\n" + API_RES,
    "kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]",
    [F("", "api-version", "string", "", "Use given api-version (group/version) of the resource."),
     F("o", "output", "string", "plaintext", "Format in which to render the schema. Valid values are: (plaintext, plaintext-openapiv2)."),
     F("", "recursive", "bool", "false", "When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.")],
    """
    # Get the documentation of the resource and its fields
    kubectl explain pods

    # Get all the fields in the resource
    kubectl explain pods --recursive

    # Get the explanation for deployment in supported api versions
    kubectl explain deployments --api-version=apps/v1

    # Get the documentation of a specific field of a resource
    kubectl explain pods.spec.containers

    # Get the documentation of resources in different format
    kubectl explain deployment --output=plaintext-openapiv2
    """)

T["version"] = render(
    "Print the client and server version information for the current context.",
    "kubectl version [flags] [options]",
    [F("", "client", "bool", "false", "If true, shows client version only (no server required)."),
     F("o", "output", "string", "", "One of 'yaml' or 'json'.")],
    """
    # Print the client and server versions for the current context
    kubectl version
    """)

T["api-resources"] = render(
    "Print the supported API resources on the server.",
    "kubectl api-resources [flags] [options]",
    [F("", "api-group", "string", "", "Limit to resources in the specified API group."),
     F("", "cached", "bool", "false", "Use the cached list of resources if available."),
     F("", "categories", "slice", "[]", "Limit to resources that belong to the specified categories."),
     F("", "namespaced", "bool", "true", "If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default."),
     F("", "no-headers", "bool", "false", "When using the default or custom-column output format, don't print headers (default print headers)."),
     F("o", "output", "string", "", "Output format. One of: (wide, name)."),
     F("", "sort-by", "string", "", "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'."),
     F("", "verbs", "slice", "[]", "Limit to resources that support the specified verbs.")],
    """
    # Print the supported API resources
    kubectl api-resources

    # Print the supported API resources with more information
    kubectl api-resources -o wide

    # Print the supported API resources sorted by a column
    kubectl api-resources --sort-by=name

    # Print the supported namespaced resources
    kubectl api-resources --namespaced=true

    # Print the supported non-namespaced resources
    kubectl api-resources --namespaced=false

    # Print the supported API resources with a specific APIGroup
    kubectl api-resources --api-group=rbac.authorization.k8s.io
    """)

T["expose"] = render(
    "Expose a resource as a new Kubernetes service.\n\n"
    " Looks up a deployment, service, replica set, replication controller or pod by name and uses the selector for that resource as the selector for a new service on the specified port. A deployment or replica set will be exposed as a service only if its selector is convertible to a selector that service supports, i.e. when the selector contains only the matchLabels component. Note that if no port is specified via --port and the exposed resource has multiple ports, all will be re-used by the new service. Also if no labels are specified, the new service will re-use the labels from the resource it exposes.\n\n"
    " Possible resources include (case insensitive):\n\n"
    " pod (po), service (svc), replicationcontroller (rc), deployment (deploy), replicaset (rs)",
    "kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]",
    [AMTK,
     F("", "cluster-ip", "string", "", "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service."),
     DRY,
     F("", "external-ip", "string", "", "Additional external IP address (not managed by Kubernetes) to accept for the service. If this IP is routed to a node, the service can be accessed by this IP in addition to its generated service IP."),
     FM("kubectl-expose"), FILE("identifying the resource to expose a service"), KUST,
     F("l", "labels", "string", "", "Labels to apply to the service created by this call."),
     F("", "load-balancer-ip", "string", "", "IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific)."),
     F("", "name", "string", "", "The name for the newly created object."),
     OUTPUT, OVERRIDE_TYPE,
     F("", "overrides", "string", "", "An inline JSON override for the generated object. If this is non-empty, it is used to override the generated object. Requires that the object supply a valid apiVersion field."),
     F("", "port", "string", "", "The port that the service should serve on. Copied from the resource being exposed, if unspecified"),
     F("", "protocol", "string", "", "The network protocol for the service to be created. Default is 'TCP'."),
     REC, SAVE,
     F("", "selector", "string", "", "A label selector to use for this service. Only equality-based selector requirements are supported. If empty (the default) infer the selector from the replication controller or replica set.)"),
     F("", "session-affinity", "string", "", "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'"),
     SMF,
     F("", "target-port", "string", "", "Name or number for the port on the container that the service should direct traffic to. Optional."),
     TPL,
     F("", "type", "string", "", "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'."),
    ],
    """
    # Create a service for a replicated nginx, which serves on port 80 and connects to the containers on port 8000
    kubectl expose rc nginx --port=80 --target-port=8000

    # Create a service for a replication controller identified by type and name specified in "nginx-controller.yaml", which serves on port 80 and connects to the containers on port 8000
    kubectl expose -f nginx-controller.yaml --port=80 --target-port=8000

    # Create a service for a pod valid-pod, which serves on port 444 with the name "frontend"
    kubectl expose pod valid-pod --port=444 --name=frontend

    # Create a second service based on the above service, exposing the container port 8443 as port 443 with the name "nginx-https"
    kubectl expose service nginx --port=443 --target-port=8443 --name=nginx-https

    # Create a service for a replicated streaming application on port 4100 balancing UDP traffic and named 'video-stream'.
    kubectl expose rc streamer --port=4100 --protocol=UDP --name=video-stream

    # Create a service for a replicated nginx using replica set, which serves on port 80 and connects to the containers on port 8000
    kubectl expose rs nginx --port=80 --target-port=8000

    # Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000
    kubectl expose deployment nginx --port=80 --target-port=8000
    """)

T["logs"] = render(
    "Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.",
    "kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]",
    [F("", "all-containers", "bool", "false", "Get all containers' logs in the pod(s)."),
     F("", "all-pods", "bool", "false", "Get logs from all pod(s). Sets prefix to true."),
     F("c", "container", "string", "", "Print the logs of this container"),
     F("f", "follow", "bool", "false", "Specify if the logs should be streamed."),
     F("", "ignore-errors", "bool", "false", "If watching / following pod logs, allow for any errors that occur to be non-fatal"),
     F("", "insecure-skip-tls-verify-backend", "bool", "false", "Skip verifying the identity of the kubelet that logs are requested from.  In theory, an attacker could provide invalid log content back. You might want to use this if your kubelet serving certificates have expired."),
     F("", "limit-bytes", "int", "0", "Maximum bytes of logs to return. Defaults to no limit."),
     F("", "max-log-requests", "int", "5", "Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5."),
     F("", "pod-running-timeout", "duration", "20s", "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running"),
     F("", "prefix", "bool", "false", "Prefix each log line with the log source (pod name and container name)"),
     F("p", "previous", "bool", "false", "If true, print the logs for the previous instance of the container in a pod if it exists."),
     SEL,
     F("", "since", "duration", "0s", "Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used."),
     F("", "since-time", "string", "", "Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used."),
     F("", "tail", "int", "-1", "Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided."),
     F("", "timestamps", "bool", "false", "Include timestamps on each line in the log output")],
    """
    # Return snapshot logs from pod nginx with only one container
    kubectl logs nginx

    # Return snapshot logs from pod nginx, prefixing each line with the source pod and container name
    kubectl logs nginx --prefix

    # Return snapshot logs from pod nginx, limiting output to 500 bytes
    kubectl logs nginx --limit-bytes=500

    # Return snapshot logs from pod nginx, waiting up to 20 seconds for it to start running.
    kubectl logs nginx --pod-running-timeout=20s

    # Return snapshot logs from pod nginx with multi containers
    kubectl logs nginx --all-containers=true

    # Return snapshot logs from all pods in the deployment nginx
    kubectl logs deployment/nginx --all-pods=true

    # Return snapshot logs from all containers in pods defined by label app=nginx
    kubectl logs -l app=nginx --all-containers=true

    # Return snapshot logs from all pods defined by label app=nginx, limiting concurrent log requests to 10 pods
    kubectl logs -l app=nginx --max-log-requests=10

    # Return snapshot of previous terminated ruby container logs from pod web-1
    kubectl logs -p -c ruby web-1

    # Begin streaming the logs from pod nginx, continuing even if errors occur
    kubectl logs nginx -f --ignore-errors=true

    # Begin streaming the logs of the ruby container in pod web-1
    kubectl logs -f -c ruby web-1

    # Begin streaming the logs from all containers in pods defined by label app=nginx
    kubectl logs -f -l app=nginx --all-containers=true

    # Display only the most recent 20 lines of output in pod nginx
    kubectl logs --tail=20 nginx

    # Show all logs from pod nginx written in the last hour
    kubectl logs --since=1h nginx

    # Show all logs with timestamps from pod nginx starting from August 30, 2024, at 06:00:00 UTC
    kubectl logs nginx --since-time=2024-08-30T06:00:00Z --timestamps=true

    # Show logs from a kubelet with an expired serving certificate
    kubectl logs --insecure-skip-tls-verify-backend nginx

    # Return snapshot logs from first container of a job named hello
    kubectl logs job/hello

    # Return snapshot logs from container nginx-1 of a deployment named nginx
    kubectl logs deployment/nginx -c nginx-1
    """)

T["exec"] = render(
    "Execute a command in a container.",
    "kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]",
    [F("c", "container", "string", "", "Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen"),
     F("f", "filename", "slice", "[]", "to use to exec into the resource"),
     PRT,
     F("q", "quiet", "bool", "false", "Only print output from the remote session"),
     F("i", "stdin", "bool", "false", "Pass stdin to the container"),
     F("t", "tty", "bool", "false", "Stdin is a TTY")],
    """
    # Get output from running the 'date' command from pod mypod, using the first container by default
    kubectl exec mypod -- date

    # Get output from running the 'date' command in ruby-container from pod mypod
    kubectl exec mypod -c ruby-container -- date

    # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
    # and sends stdout/stderr from 'bash' back to the client
    kubectl exec mypod -c ruby-container -i -t -- bash -il

    # List contents of /usr from the first container of pod mypod and sort by modification time
    # If the command you want to execute in the pod has any flags in common (e.g. -i),
    # you must use two dashes (--) to separate your command's flags/arguments
    # Also note, do not surround your command and its flags/arguments with quotes
    # unless that is how you would execute it normally (i.e., do ls -t /usr, not "ls -t /usr")
    kubectl exec mypod -i -t -- ls -t /usr

    # Get output from running 'date' command from the first pod of the deployment mydeployment, using the first container by default
    kubectl exec deploy/mydeployment -- date

    # Get output from running 'date' command from the first pod of the service myservice, using the first container by default
    kubectl exec svc/myservice -- date
    """)

T["cluster-info"] = render(
    "Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.",
    "kubectl cluster-info [flags] [options]",
    [],
    """
    # Print the address of the control plane and cluster services
    kubectl cluster-info
    """,
    subs=[("dump", "Dump relevant information for debugging and diagnosis")],
    cmdpath="kubectl cluster-info")

GLOBAL = [
    F("", "as", "string", "", "Username to impersonate for the operation. User could be a regular user or a service account in a namespace."),
    F("", "as-group", "array", "[]", "Group to impersonate for the operation, this flag can be repeated to specify multiple groups."),
    F("", "as-uid", "string", "", "UID to impersonate for the operation."),
    F("", "cache-dir", "string", "/home/student/.kube/cache", "Default cache directory"),
    F("", "certificate-authority", "string", "", "Path to a cert file for the certificate authority"),
    F("", "client-certificate", "string", "", "Path to a client certificate file for TLS"),
    F("", "client-key", "string", "", "Path to a client key file for TLS"),
    F("", "cluster", "string", "", "The name of the kubeconfig cluster to use"),
    F("", "context", "string", "", "The name of the kubeconfig context to use"),
    F("", "disable-compression", "bool", "false", "If true, opt-out of response compression for all requests to the server"),
    F("", "insecure-skip-tls-verify", "bool", "false", "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure"),
    F("", "kubeconfig", "string", "", "Path to the kubeconfig file to use for CLI requests."),
    F("", "log-flush-frequency", "duration", "5s", "Maximum number of seconds between log flushes"),
    F("", "match-server-version", "bool", "false", "Require server version to match client version"),
    F("n", "namespace", "string", "", "If present, the namespace scope for this CLI request"),
    F("", "password", "string", "", "Password for basic authentication to the API server"),
    F("", "profile", "string", "none", "Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex)"),
    F("", "profile-output", "string", "profile.pprof", "Name of the file to write the profile to"),
    F("", "request-timeout", "string", "0", "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests."),
    F("s", "server", "string", "", "The address and port of the Kubernetes API server"),
    F("", "tls-server-name", "string", "", "Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used"),
    F("", "token", "string", "", "Bearer token for authentication to the API server"),
    F("", "user", "string", "", "The name of the kubeconfig user to use"),
    F("", "username", "string", "", "Username for basic authentication to the API server"),
    F("v", "v", "level", "0", "number for the log level verbosity"),
    F("", "vmodule", "module", "", "comma-separated list of pattern=N settings for file-filtered logging (only works for the default text log format)"),
    F("", "warnings-as-errors", "bool", "false", "Treat warnings received from the server as errors and exit with a non-zero exit code"),
]
T["options"] = "The following options can be passed to any command:\n\n" + "".join(render_flag(f) for f in sorted(GLOBAL, key=lambda f: f[1])).rstrip() + "\n"

T["kubectl"] = """kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller
  autoscale       Auto-scale a deployment, replica set, stateful set, or replication controller

Cluster Management Commands:
  certificate     Modify certificate resources
  cluster-info    Display cluster information
  top             Display resource (CPU/memory) usage
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  attach          Attach to a running container
  exec            Execute a command in a container
  port-forward    Forward one or more local ports to a pod
  proxy           Run a proxy to the Kubernetes API server
  cp              Copy files and directories to and from containers
  auth            Inspect authorization
  debug           Create debugging sessions for troubleshooting workloads and nodes
  events          List events

Advanced Commands:
  diff            Diff the live version against a would-be applied version
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource
  replace         Replace a resource by file name or stdin
  wait            Experimental: Wait for a specific condition on one or many resources
  kustomize       Build a kustomization target from a directory or URL

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource
  completion      Output shell completion code for the specified shell (bash, zsh, fish, or powershell)

Subcommands provided by plugins:

Other Commands:
  api-resources   Print the supported API resources on the server
  api-versions    Print the supported API versions on the server, in the form of "group/version"
  config          Modify kubeconfig files
  plugin          Provides utilities for interacting with plugins
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"""

os.makedirs(OUT, exist_ok=True)
for name, text in T.items():
    with open(os.path.join(OUT, name + ".txt"), "w") as f:
        f.write(text)
print(len(T), "files")
