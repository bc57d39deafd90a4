package neutron

import "net/http"

// Neutron's network IP availabilities are the admin's by its default
// policy: a project member lists none and finds none, as on the lab.
func (s *api) routeIPAvailabilities(mux *http.ServeMux) {
	mux.HandleFunc("GET /network/v2.0/network-ip-availabilities", s.Authed(func(w http.ResponseWriter, r *http.Request) {
		neutronList(w, r, nil, neutronListed{plural: "network_ip_availabilities"})
	}))
	mux.HandleFunc("GET /network/v2.0/network-ip-availabilities/{id}", s.Authed(func(w http.ResponseWriter, r *http.Request) {
		neutronFault(w, http.StatusNotFound, "HTTPNotFound", "The resource could not be found.")
	}))
}
