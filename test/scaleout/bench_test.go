package scaleout

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/nova"
)

// BenchmarkThroughHAProxy: tool calls through HAProxy to 1 and to 3
// replicas, 20 clients at once (half 2026-07-28, half 2025-11-25 with a
// session), reads of the sandbox (list_flavors, list_instances). Reports
// calls/s and the p50 and p99 of a call. Everything (HAProxy, replicas,
// sandbox, clients) shares the machine's cores: on 2 cores more replicas
// add no CPU, only processes.
//
//	go test -run '^$' -bench ThroughHAProxy -benchtime 2000x ./test/scaleout/
func BenchmarkThroughHAProxy(b *testing.B) {
	for _, n := range []int{1, 3} {
		b.Run(fmt.Sprintf("replicas=%d", n), func(b *testing.B) {
			sb := startCloud(b, sandbox.Options{})
			nova.Seed(sb.Cloud, 20)
			var reps []*replica
			for i := range n {
				reps = append(reps, startReplica(b, fmt.Sprintf("r%d", i), sb, "info"))
			}
			url := startLB(b, reps)
			hc := sharedHTTP(b)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()

			const clients = 20
			cs := make([]*mcpClient, clients)
			for i := range cs {
				c, err := connect(ctx, hc, url, versions[i%2])
				if err != nil {
					b.Fatal(err)
				}
				defer c.Close()
				// Warm each client's path (login, version discovery) out of the timing.
				if err := callErr(c.call(ctx, "list_flavors", nil, "")); err != nil {
					b.Fatal(err)
				}
				cs[i] = c
			}

			var next atomic.Int64
			lat := make([][]time.Duration, clients)
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for i, c := range cs {
				wg.Go(func() {
					for {
						k := next.Add(1)
						if k > int64(b.N) {
							return
						}
						tool := "list_flavors"
						if k%2 == 0 {
							tool = "list_instances"
						}
						t0 := time.Now()
						if err := callErr(c.call(ctx, tool, nil, "")); err != nil {
							b.Error(err)
							return
						}
						lat[i] = append(lat[i], time.Since(t0))
					}
				})
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			all := slices.Concat(lat...)
			slices.Sort(all)
			if len(all) == 0 {
				return
			}
			b.ReportMetric(float64(len(all))/elapsed.Seconds(), "calls/s")
			b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(0, "ns/op") // the per-op time of concurrent calls says nothing
		})
	}
}
