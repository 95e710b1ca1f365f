/** Placeholder package until its issue lands; see docs/architecture.md. */
package org.cardiograd.autograd;
