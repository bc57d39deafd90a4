package mcpgofix

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestCallCancelled(t *testing.T) {
	live := context.Background()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	nilResponse := fmt.Errorf("transport error: %w", errors.New("unexpected nil response"))
	for _, c := range []struct {
		ctx  context.Context
		err  error
		want bool
	}{
		{cancelled, context.Canceled, true},
		{cancelled, fmt.Errorf("call: %w", context.Canceled), true},
		{cancelled, nilResponse, true},
		{live, nilResponse, false}, // a stream that broke off by itself is a failure
		{cancelled, errors.New("tool failed"), false},
		{cancelled, nil, false},
	} {
		if got := CallCancelled(c.ctx, c.err); got != c.want {
			t.Errorf("CallCancelled(ctx err %v, %v) = %v, want %v", c.ctx.Err(), c.err, got, c.want)
		}
	}
}
