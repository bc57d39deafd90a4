package main

import (
	"strings"
	"testing"
)

// tally gives one line per top-level test with its result, and a failed
// test's first error line without the terminal's colours; subtests and
// package lines are not tests.
func TestTallyOneLinePerTest(t *testing.T) {
	in := strings.Join([]string{
		`{"Action":"run","Package":"x/openstack/compute/v2","Test":"TestA"}`,
		`{"Action":"output","Package":"x/openstack/compute/v2","Test":"TestA","Output":"    a_test.go:9: \u001b[1;31mFailure in a_test.go, line 9: unexpected error \"got 501 instead\"\u001b[0m\n"}`,
		`{"Action":"output","Package":"x/openstack/compute/v2","Test":"TestA","Output":"    a_test.go:10: Error again\n"}`,
		`{"Action":"fail","Package":"x/openstack/compute/v2","Test":"TestA"}`,
		`{"Action":"pass","Package":"x/openstack/compute/v2","Test":"TestA/sub"}`,
		`{"Action":"pass","Package":"x/openstack/image/v2","Test":"TestB"}`,
		`{"Action":"skip","Package":"x/openstack/image/v2","Test":"TestC"}`,
		`{"Action":"run","Package":"x/openstack/image/v2","Test":"TestD"}`,
		`{"Action":"fail","Package":"x/openstack/image/v2"}`,
	}, "\n")
	var out strings.Builder
	if err := tally(strings.NewReader(in), &out, "x/openstack"); err != nil {
		t.Fatal(err)
	}
	want := `FAIL compute/v2 TestA  a_test.go:9: Failure in a_test.go, line 9: unexpected error "got 501 instead"
PASS image/v2 TestB
SKIP image/v2 TestC
FAIL image/v2 TestD
`
	if out.String() != want {
		t.Errorf("tally:\n%s\nwant:\n%s", out.String(), want)
	}
}
