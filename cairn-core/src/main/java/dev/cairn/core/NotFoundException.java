package dev.cairn.core;

/** Thrown when an object does not exist, or belongs to another tenant (which must look the same). */
public final class NotFoundException extends CairnException {

    public NotFoundException(String what, String id) {
        super(what + " '" + id + "' does not exist");
    }

    @Override
    public String type() {
        return "not_found";
    }
}
