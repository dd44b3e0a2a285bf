/**
 * The data-testid of a category's response button: the category name lower-cased, with
 * spaces and slashes written as '-' (CONTEXT.md): "T-shirt/top" → "response-t-shirt-top".
 */
export function responseTestId(categoryName: string): string {
  return `response-${categoryName.toLowerCase().replace(/[\s/]/g, '-')}`;
}
