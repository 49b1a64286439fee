package org.verbatim.security;

/** The roles the API knows: editors create and change records, admins may also delete them. */
public final class Roles {

    public static final String EDITOR = "editor";
    public static final String ADMIN = "admin";

    private Roles() {}
}
