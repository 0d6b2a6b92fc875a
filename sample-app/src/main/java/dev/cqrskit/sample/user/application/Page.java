package dev.cqrskit.sample.user.application;

import java.util.List;

/**
 * One page of a stable, ordered list.
 *
 * @param items the items
 * @param page  the page number, from 0
 * @param size  the page size asked for
 * @param total the number of items in all pages
 * @param <T>   the item type
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    /** Copies the items. */
    public Page {
        items = List.copyOf(items);
    }
}
