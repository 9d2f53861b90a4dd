package dev.tradeloom.enquiry.domain;

/** The signed-in caller's account, as tenant-core knows it; enquiry-core keeps no copy. */
public interface Accounts {
    /** The current caller's name and email address, asked as the current caller. */
    Contact current();

    /** How to reach an account's holder. */
    record Contact(String name, String email) {}
}
