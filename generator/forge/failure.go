package forge

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
)

// The ways a call fails that the person it was made for can act on, each wrapped by the
// call's error besides ErrNotFound and ErrUnauthorized: the desk tells him which.
var (
	// ErrForbidden: the forge refused the account this (403), e.g. writing to a repository
	// it may only read.
	ErrForbidden = errors.New("forbidden")
	// ErrRateLimited: the forge limits the account's requests for a while (429, or
	// GitHub's 403 of its primary or secondary rate limit).
	ErrRateLimited = errors.New("rate limited")
	// ErrTooLarge: the forge, or the proxy in front of it (nginx's client_max_body_size),
	// refused the request's size (413).
	ErrTooLarge = errors.New("request too large")
	// ErrUnavailable: the forge, or its proxy, failed the request (5xx).
	ErrUnavailable = errors.New("forge unavailable")
	// ErrUnreachable: no answer came: no connection, a name that does not resolve, a
	// connection cut, or none before the caller's deadline.
	ErrUnreachable = errors.New("forge unreachable")
	// ErrCertificate: the forge's HTTPS certificate cannot be verified (self-signed, for
	// another name, expired).
	ErrCertificate = errors.New("forge certificate not verified")
)

// failed names what failed and wraps the sentinel its answer's status (0: no answer)
// gives, or, without an answer, the network's failure; limited says the forge's client
// read the answer as its rate limit. Its text is one short line (cutText).
func failed(what string, status int, limited bool, err error) error {
	err = cutText(err)
	if why := failure(status, limited, err); why != nil {
		return fmt.Errorf("%s: %w (%w)", what, why, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// failure is the sentinel of a failed call, or nil for none of them.
func failure(status int, limited bool, err error) error {
	switch {
	case limited || status == http.StatusTooManyRequests:
		return ErrRateLimited
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusUnauthorized:
		return ErrUnauthorized
	case status == http.StatusForbidden:
		return ErrForbidden
	case status == http.StatusRequestEntityTooLarge:
		return ErrTooLarge
	case status >= 500 && status <= 599:
		return ErrUnavailable
	case status != 0:
		return nil
	case unverified(err):
		return ErrCertificate
	case unreachable(err):
		return ErrUnreachable
	}
	return nil
}

// unverified tells whether err is a TLS certificate the client could not verify.
func unverified(err error) bool {
	var (
		verify  *tls.CertificateVerificationError
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
		invalid x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &host) || errors.As(err, &invalid)
}

// unreachable tells whether err is the network's: no connection, no name, a connection
// cut, or the deadline passed waiting.
func unreachable(err error) bool {
	var (
		op  *net.OpError
		dns *net.DNSError
	)
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &op) || errors.As(err, &dns) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET)
}

// Failure is the sentinel of a call to the forge made outside this package (OAuth's
// token endpoint), from its answer's status (0: none) and error; nil for none of them.
func Failure(status int, err error) error { return failure(status, false, err) }
