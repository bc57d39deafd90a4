package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

var lost = &url.Error{Op: "Post", URL: "http://x/servers", Err: io.EOF}

func TestCreateOnceFindsWhatALostReplyCreated(t *testing.T) {
	creates, finds := 0, 0
	got, err := CreateOnce(context.Background(), "server", "web",
		func(context.Context) (string, error) { creates++; return "", lost },
		func(_ context.Context, since time.Time) (string, bool, error) {
			finds++
			if time.Since(since) < 0 {
				t.Error("since is in the future")
			}
			return "id-1", true, nil
		})
	if err != nil || got != "id-1" || creates != 1 || finds != 1 {
		t.Fatalf("got %q %v creates=%d finds=%d", got, err, creates, finds)
	}
}

func TestCreateOnceSaysWhenNothingWasCreated(t *testing.T) {
	_, err := CreateOnce(context.Background(), "server", "web",
		func(context.Context) (string, error) { return "", lost },
		func(context.Context, time.Time) (string, bool, error) { return "", false, nil })
	if e := fault.Classify(err); e.Code != fault.CodeUnavailable || !contains(e.Message, "not created") {
		t.Fatalf("got %+v", e)
	}
}

func TestCreateOncePassesOrdinaryErrorsThrough(t *testing.T) {
	refused := fault.Errorf(fault.CodeQuotaExceeded, "quota")
	_, err := CreateOnce(context.Background(), "server", "web",
		func(context.Context) (string, error) { return "", refused },
		func(context.Context, time.Time) (string, bool, error) {
			t.Fatal("an answered create must not be looked for")
			return "", false, nil
		})
	if !errors.Is(err, refused) {
		t.Fatalf("got %v", err)
	}
}

// A gateway's 5xx to a create may come after the cloud did the work: it is
// looked for as a lost reply is, and what exists is returned.
func TestCreateOnceLooksAfterAServerError(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504} {
		gateway := gophercloud.ErrUnexpectedResponseCode{Method: "POST", URL: "http://x/volumes", Actual: status, Expected: []int{202}}
		finds := 0
		got, err := CreateOnce(context.Background(), "volume", "data",
			func(context.Context) (string, error) { return "", gateway },
			func(context.Context, time.Time) (string, bool, error) { finds++; return "vol-1", true, nil })
		if err != nil || got != "vol-1" || finds != 1 {
			t.Errorf("%d: got %q %v after %d look-ups", status, got, err, finds)
		}
		_, err = CreateOnce(context.Background(), "volume", "data",
			func(context.Context) (string, error) { return "", gateway },
			func(context.Context, time.Time) (string, bool, error) { return "", false, nil })
		if e := fault.Classify(err); e.Code != fault.CodeUnavailable || !contains(e.Message, "not created") || !contains(e.Message, fmt.Sprint(status)) {
			t.Errorf("%d, nothing found: %+v", status, e)
		}
	}
}
