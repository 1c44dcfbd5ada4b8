//go:build !linux

package main

// hugeHeap does nothing here (see hugeheap_linux.go).
func hugeHeap(n int) {}
