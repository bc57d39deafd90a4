package client

import (
	"context"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

func TestMatch(t *testing.T) {
	cs := []Candidate{{"a1", "web"}, {"b2", "web"}, {"c3", "db"}, {"web", "x"}}
	if c, err := Match("server", "db", cs); err != nil || c.ID != "c3" {
		t.Errorf("unique name: %v %v", c, err)
	}
	// An ID equal to a name wins over the name.
	if c, err := Match("server", "web", cs); err != nil || c.ID != "web" {
		t.Errorf("ID first: %v %v", c, err)
	}
	_, err := Match("server", "web", cs[:3])
	if e := fault.Classify(err); e.Code != fault.CodeAmbiguous || !contains(e.Message, "a1, b2") {
		t.Errorf("ambiguous: %v", e)
	}
	_, err = Match("server", "nope", cs)
	if e := fault.Classify(err); e.Code != fault.CodeNotFound || !contains(e.Hint, "instances") {
		t.Errorf("not found: %+v", e)
	}
}

func TestResolveUsesGetForUUIDs(t *testing.T) {
	id := "5ebe641d-5113-4fc4-9b7b-53774195fddf"
	gets, searches := 0, 0
	get := func(_ context.Context, ref string) (Candidate, error) {
		gets++
		if ref == id {
			return Candidate{ID: id, Name: "x"}, nil
		}
		return Candidate{}, fault.Errorf(fault.CodeNotFound, "no")
	}
	search := func(_ context.Context, name string) ([]Candidate, error) {
		searches++
		return []Candidate{{"11111111-2222-3333-4444-555555555555", name}}, nil
	}
	if c, _ := Resolve(context.Background(), "server", id, get, search); c.ID != id || gets != 1 || searches != 0 {
		t.Errorf("by id: %v gets=%d searches=%d", c, gets, searches)
	}
	if c, _ := Resolve(context.Background(), "server", "web", get, search); c.Name != "web" || gets != 1 || searches != 1 {
		t.Errorf("a name must not be looked up by id: gets=%d", gets)
	}
	// A UUID-shaped name that is not an ID falls back to the name.
	other := "99999999-2222-3333-4444-555555555555"
	if c, err := Resolve(context.Background(), "server", other, get, search); err != nil || c.Name != other {
		t.Errorf("uuid-shaped name: %v %v", c, err)
	}
	if _, err := Resolve(context.Background(), "server", " ", get, search); fault.Classify(err).Code != fault.CodeInvalidArgument {
		t.Errorf("empty ref: %v", err)
	}
}
