-- The size in pixels of each uploaded image, read from its header when it is recorded; null for images
-- recorded before sizes were read.
alter table images
    add column width  int check (width > 0),
    add column height int check (height > 0);

-- The 0-based positions, in a product's image arrays, of the uploaded images that Meta's catalog refuses for
-- their size (under 500×500 pixels), as known when the product was last written. The feed leaves them out of
-- g:image_link and g:additional_image_link.
alter table products add column meta_small_images int[] not null default '{}';
