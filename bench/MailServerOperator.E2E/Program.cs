using MailServerOperator.E2E;

// e2e [options]             the whole benchmark (bench/e2e.sh passes the options); prints every figure
// e2e informer KUBECONFIG NS the floor for P3/P6: a minimal informer that lists (paged) and watches NS, then idles
// e2e p1 KUBECONFIG ...      P1 only, for several builds or settings and the floor, interleaved (bench/p1.sh)
// e2e cache [options] NAME=OPERATOR[,ENV=VALUE...]...  P3/P6 only, several operators interleaved (bench/cache.sh)
return args switch
{
    ["informer", var kubeconfig, var ns] => await InformerFloor.RunAsync(kubeconfig, ns),
    ["p1", .. var rest] => await P1Comparison.RunAsync(rest),
    ["cache", .. var rest] => await CacheBenchmark.RunAsync(rest),
    _ => await BenchmarkRun.RunAsync(BenchmarkOptions.Parse(args)),
};
