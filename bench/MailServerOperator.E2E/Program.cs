using MailServerOperator.E2E;

// e2e [options]             the whole benchmark (bench/e2e.sh passes the options); prints every figure
// e2e informer KUBECONFIG NS the floor for P3/P6: a minimal informer that lists (paged) and watches NS, then idles
// e2e memory [options]      bench/memory.sh: P1 and P3 (with where the memory is) for several variants, interleaved
return args switch
{
    ["informer", var kubeconfig, var ns] => await InformerFloor.RunAsync(kubeconfig, ns),
    ["memory", .. var rest] => await MemoryRun.RunAsync(rest),
    _ => await BenchmarkRun.RunAsync(BenchmarkOptions.Parse(args)),
};
