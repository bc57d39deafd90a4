package kit

import "github.com/gophercloud/gophercloud/v2/pagination"

// A Neutron resource is read into a toolset's own type (gophercloud's types
// read a null port as 0, which for ICMP is a real type, and leave out the
// extensions' fields): ExtractAs for a list page, One for one resource.

// slicePage is a page of a list, read into any type.
type slicePage interface {
	ExtractIntoSlicePtr(to any, label string) error
}

// ExtractAs reads the list under key of a page into []T.
func ExtractAs[T any](key string) func(pagination.Page) ([]T, error) {
	return func(p pagination.Page) ([]T, error) {
		var out []T
		err := p.(slicePage).ExtractIntoSlicePtr(&out, key)
		return out, err
	}
}

// structResult is an answer about one resource.
type structResult interface {
	ExtractIntoStructPtr(to any, label string) error
}

// One reads the resource under key of a result into a T.
func One[T any](r structResult, err error, key string) (*T, error) {
	if err != nil {
		return nil, err
	}
	var out T
	if err := r.ExtractIntoStructPtr(&out, key); err != nil {
		return nil, err
	}
	return &out, nil
}
