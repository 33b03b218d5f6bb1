/**
 * The pure gang-placement core of Muster: no Kubernetes, HTTP, JSON or I/O types, and no clock
 * reads. Time arrives as values; every decision is deterministic for equal inputs.
 */
package io.muster.placement;
