/** Shared value types that every module may use: no beans, no state. */
@NullMarked
package jp.tokuten.shared;

import org.jspecify.annotations.NullMarked;
