package dev.ftmatrix.recipe;

import dev.ftmatrix.BadInputException;

/** The containers directory is missing or unreadable: a usage problem, not a cell failure. */
public class RecipeCatalogException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public RecipeCatalogException(String message) {
        super(message);
    }
}
