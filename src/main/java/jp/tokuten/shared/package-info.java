/**
 * Shared value types that every module may use, and a few plain building blocks (the API's
 * {@code ProblemException}, bounded {@code Slots} for expensive work): no beans, no global state.
 */
@NullMarked
package jp.tokuten.shared;

import org.jspecify.annotations.NullMarked;
