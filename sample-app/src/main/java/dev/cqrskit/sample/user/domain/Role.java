package dev.cqrskit.sample.user.domain;

/** What a user may do: every user reads their own data; an admin also lists and reads other users. */
public enum Role {
    USER,
    ADMIN
}
