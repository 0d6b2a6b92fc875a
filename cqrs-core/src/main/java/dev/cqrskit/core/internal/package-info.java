/**
 * Implementation details of cqrs-kit core. Not API: anything here may change or disappear in any release.
 * Use the types in {@code dev.cqrskit.core} and its other packages instead.
 */
package dev.cqrskit.core.internal;
