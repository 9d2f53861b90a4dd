-- A product's search row is written only when what it holds changes. Writes that reach project_product may
-- change nothing in it (a size that runs out while the product still has stock), and rewriting the row
-- anyway inserted every lexeme of its document into three GIN indexes again and left a dead row for vacuum.
-- Same function as in V4 but for the final where clause; the triggers below call it less often.
create or replace function project_product(p_tenant uuid, p_product uuid) returns void
    language plpgsql security definer set search_path = ${schema} as
$$
declare
    p products;
    s suppliers;
    cat_name text := '';
    cat_texts text := '';
    tag_texts text := '';
    attr_pairs text[];
    attr_values text;
    tr_languages text[];
    tr_names text[];
    tr_descriptions text;
    names text;
    head text;
begin
    select * into p from products where tenant_id = p_tenant and id = p_product;
    select * into s from suppliers where tenant_id = p_tenant;
    if p.id is null or s.tenant_id is null or not s.active or p.status <> 'active'
       or not product_has_stock(p.tenant_id, p.id, p.stock) then
        delete from product_search where tenant_id = p_tenant and product_id = p_product;
        return;
    end if;

    if p.category_id is not null then
        select c.name, c.name || ' ' || coalesce(string_agg(ct.name, ' '), '')
          into cat_name, cat_texts
          from categories c
          left join category_translations ct on ct.tenant_id = c.tenant_id and ct.category_id = c.id
         where c.tenant_id = p_tenant and c.id = p.category_id
         group by c.name;
    end if;
    select coalesce(string_agg(t.name || ' ' || coalesce(tt.names, ''), ' '), '')
      into tag_texts
      from product_tags pt
      join tags t on t.tenant_id = pt.tenant_id and t.id = pt.tag_id
      left join lateral (select string_agg(x.name, ' ') as names from tag_translations x
                          where x.tenant_id = t.tenant_id and x.tag_id = t.id) tt on true
     where pt.tenant_id = p_tenant and pt.product_id = p_product;
    select coalesce(array_agg(distinct pair order by pair), '{}'), coalesce(string_agg(value, ' '), '')
      into attr_pairs, attr_values
      from (select k || '=' || v as pair, v as value
              from unnest(p.attribute_keys, p.attribute_values) as a(k, v)
            union
            select k || '=' || v, v
              from product_variants pv, unnest(pv.attribute_keys, pv.attribute_values) as a(k, v)
             where pv.tenant_id = p_tenant and pv.product_id = p_product) pairs;
    select coalesce(array_agg(language order by language), '{}'),
           coalesce(array_agg(name order by language), '{}'),
           coalesce(string_agg(description, ' '), '')
      into tr_languages, tr_names, tr_descriptions
      from product_translations where tenant_id = p_tenant and product_id = p_product;

    names := p.name || ' ' || array_to_string(tr_names, ' ');
    head := names || ' ' || coalesce(cat_texts, '') || ' ' || tag_texts || ' ' || attr_values;

    insert into product_search (tenant_id, product_id, slug, name, translation_languages, translation_names,
                                category_id, category_name, supplier_name, supplier_city, default_language,
                                price_minor, sale_price_minor, currency, price_key, image_key, image_url,
                                attributes, words, name_terms, head_terms, document)
    values (p.tenant_id, p.id, p.slug, p.name, tr_languages, tr_names,
            p.category_id, coalesce(cat_name, ''), s.name, s.city, s.default_language,
            p.price_minor, p.sale_price_minor, p.currency, coalesce(p.sale_price_minor, p.price_minor),
            coalesce(p.image_keys[1], ''), coalesce(p.image_urls[1], ''),
            attr_pairs,
            coalesce((select array_agg(distinct w order by w)
                        from regexp_split_to_table(lower(head), '[[:space:][:punct:]]+') w
                       where length(w) between 2 and 40), '{}'),
            to_tsvector('english', names),
            to_tsvector('english', head),
            setweight(to_tsvector('english', names), 'A')
            || setweight(to_tsvector('english', coalesce(cat_texts, '') || ' ' || tag_texts || ' ' || attr_values),
                         'B')
            || setweight(to_tsvector('english', p.description || ' ' || tr_descriptions), 'C')
            || array_to_tsvector(product_filter_lexemes(p.tenant_id, p.category_id, s.city, attr_pairs)))
    on conflict (tenant_id, product_id) do update
        set slug = excluded.slug, name = excluded.name, translation_languages = excluded.translation_languages,
            translation_names = excluded.translation_names, category_id = excluded.category_id,
            category_name = excluded.category_name, supplier_name = excluded.supplier_name,
            supplier_city = excluded.supplier_city, default_language = excluded.default_language,
            price_minor = excluded.price_minor, sale_price_minor = excluded.sale_price_minor,
            currency = excluded.currency, price_key = excluded.price_key, image_key = excluded.image_key,
            image_url = excluded.image_url, attributes = excluded.attributes, words = excluded.words,
            name_terms = excluded.name_terms, head_terms = excluded.head_terms, document = excluded.document,
            updated_at = now()
        where (product_search.slug, product_search.name, product_search.translation_languages,
               product_search.translation_names, product_search.category_id, product_search.category_name,
               product_search.supplier_name, product_search.supplier_city, product_search.default_language,
               product_search.price_minor, product_search.sale_price_minor, product_search.currency,
               product_search.price_key, product_search.image_key, product_search.image_url,
               product_search.attributes, product_search.words, product_search.name_terms,
               product_search.head_terms, product_search.document)
              is distinct from
              (excluded.slug, excluded.name, excluded.translation_languages, excluded.translation_names,
               excluded.category_id, excluded.category_name, excluded.supplier_name, excluded.supplier_city,
               excluded.default_language, excluded.price_minor, excluded.sale_price_minor, excluded.currency,
               excluded.price_key, excluded.image_key, excluded.image_url, excluded.attributes, excluded.words,
               excluded.name_terms, excluded.head_terms, excluded.document);
end
$$;

-- tenant-core reports every save of a tenant's profile, and the read-model stores each with its new
-- position: the supplier's products are recomputed only when what they show of it changed.
drop trigger suppliers_search on suppliers;
create trigger suppliers_search after insert on suppliers
    for each row execute function search_supplier_changed();
create trigger suppliers_search_changed after update on suppliers
    for each row
    when ((old.name, old.city, old.default_language, old.active)
          is distinct from (new.name, new.city, new.default_language, new.active))
    execute function search_supplier_changed();

-- Most product updates change only the stock (inventory syncs), which matters to search only when the
-- product runs out or comes back: such an update recomputes nothing. The columns are those project_product
-- reads of the product; a stock that stays at 0 leaves the variants to decide, and their trigger follows them.
drop trigger products_search on products;
create trigger products_search after insert or delete on products
    for each row execute function search_product_changed();
create trigger products_search_changed after update on products
    for each row
    when ((old.slug, old.name, old.description, old.category_id, old.attribute_keys, old.attribute_values,
           old.price_minor, old.sale_price_minor, old.currency, old.status, old.image_urls, old.image_keys,
           old.stock > 0)
          is distinct from
          (new.slug, new.name, new.description, new.category_id, new.attribute_keys, new.attribute_values,
           new.price_minor, new.sale_price_minor, new.currency, new.status, new.image_urls, new.image_keys,
           new.stock > 0))
    execute function search_product_changed();

-- A product's save writes back all its variants and translations, most often as they were (its variants
-- twice: their SKUs are parked first), and a category's or tag's save its name and translations: each
-- recomputes only when it changed what the product's row is made of. Of a variant, that is its attribute
-- pairs and whether it has stock; of a category's or tag's translation, its name.
drop trigger product_variants_search on product_variants;
create trigger product_variants_search after insert or delete on product_variants
    for each row execute function search_product_child_changed();
create trigger product_variants_search_changed after update on product_variants
    for each row
    when ((old.product_id, old.attribute_keys, old.attribute_values, old.stock > 0)
          is distinct from (new.product_id, new.attribute_keys, new.attribute_values, new.stock > 0))
    execute function search_product_child_changed();

drop trigger product_translations_search on product_translations;
create trigger product_translations_search after insert or delete on product_translations
    for each row execute function search_product_child_changed();
create trigger product_translations_search_changed after update on product_translations
    for each row
    when ((old.product_id, old.language, old.name, old.description)
          is distinct from (new.product_id, new.language, new.name, new.description))
    execute function search_product_child_changed();

drop trigger categories_search on categories;
create trigger categories_search after update of name on categories
    for each row when (old.name is distinct from new.name)
    execute function search_category_changed('id');
drop trigger category_translations_search on category_translations;
create trigger category_translations_search after insert or delete on category_translations
    for each row execute function search_category_changed('category_id');
create trigger category_translations_search_changed after update on category_translations
    for each row
    when ((old.category_id, old.name) is distinct from (new.category_id, new.name))
    execute function search_category_changed('category_id');

drop trigger tags_search on tags;
create trigger tags_search after update of name on tags
    for each row when (old.name is distinct from new.name)
    execute function search_tag_changed('id');
drop trigger tag_translations_search on tag_translations;
create trigger tag_translations_search after insert or delete on tag_translations
    for each row execute function search_tag_changed('tag_id');
create trigger tag_translations_search_changed after update on tag_translations
    for each row
    when ((old.tag_id, old.name) is distinct from (new.tag_id, new.name))
    execute function search_tag_changed('tag_id');

-- A product's save keeps the tags it still has (moving them when their order changed): a tag's place is
-- not part of the product's row.
drop trigger product_tags_search on product_tags;
create trigger product_tags_search after insert or delete on product_tags
    for each row execute function search_product_child_changed();
create trigger product_tags_search_changed after update on product_tags
    for each row
    when ((old.product_id, old.tag_id) is distinct from (new.product_id, new.tag_id))
    execute function search_product_child_changed();

-- An update of a variant, tag or translation recomputes its product once, not once as it was and once as it
-- is, unless it moved to another product.
create or replace function search_product_child_changed() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
begin
    if tg_op = 'DELETE' then
        perform project_product(old.tenant_id, old.product_id);
    elsif tg_op = 'INSERT' then
        perform project_product(new.tenant_id, new.product_id);
    else
        if old.product_id <> new.product_id then
            perform project_product(old.tenant_id, old.product_id);
        end if;
        perform project_product(new.tenant_id, new.product_id);
    end if;
    return null;
end
$$;
