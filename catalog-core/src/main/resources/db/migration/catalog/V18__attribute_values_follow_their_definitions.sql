-- A product holds only attribute values that a definition of its tenant allows. Deleting a definition, or
-- narrowing it (an enum's allowed value removed, a kind changed), kept the values stored on products and
-- variants, and with them their search rows: buyers still saw the attribute in facets, found products by it
-- and read it on the product. Now such a change removes the values it no longer allows, in its own
-- transaction (Attributes; the statement is ProductDao.removeDisallowedValues), which bumps each changed
-- product's version and re-projects it through the products' and variants' triggers.

-- Whether a definition of this kind with these allowed values takes the value; false without a definition
-- (kind null). Numbers as Java's BigDecimal reads them (AttributeRules), in ASCII digits.
create function attribute_value_allowed(p_kind text, p_allowed text[], p_value text) returns boolean
    language sql immutable parallel safe
return case p_kind
           when 'text' then true
           when 'enum' then p_value = any(p_allowed)
           when 'number' then p_value ~ '^[+-]{0,1}([0-9]+([.][0-9]*){0,1}|[.][0-9]+)([eE][+-]{0,1}[0-9]+){0,1}$'
           else false end;

grant execute on function attribute_value_allowed(text, text[], text) to ${app_role};

-- Values stored before: those of definitions deleted or narrowed since go now.
with variants as (
    update product_variants v
       set (attribute_keys, attribute_values) = (
               select coalesce(array_agg(a.k order by a.i), '{}'), coalesce(array_agg(a.val order by a.i), '{}')
                 from unnest(v.attribute_keys, v.attribute_values) with ordinality a(k, val, i)
                 left join attributes d on d.tenant_id = v.tenant_id and d.key = a.k
                where attribute_value_allowed(d.kind, d.allowed_values, a.val)),
           updated_at = now()
     where exists (select 1 from unnest(v.attribute_keys, v.attribute_values) a(k, val)
                     left join attributes d on d.tenant_id = v.tenant_id and d.key = a.k
                    where not attribute_value_allowed(d.kind, d.allowed_values, a.val))
    returning v.tenant_id, v.product_id
)
update products p
   set (attribute_keys, attribute_values) = (
           select coalesce(array_agg(a.k order by a.i), '{}'), coalesce(array_agg(a.val order by a.i), '{}')
             from unnest(p.attribute_keys, p.attribute_values) with ordinality a(k, val, i)
             left join attributes d on d.tenant_id = p.tenant_id and d.key = a.k
            where attribute_value_allowed(d.kind, d.allowed_values, a.val)),
       version = p.version + 1, updated_at = now()
 where exists (select 1 from unnest(p.attribute_keys, p.attribute_values) a(k, val)
                 left join attributes d on d.tenant_id = p.tenant_id and d.key = a.k
                where not attribute_value_allowed(d.kind, d.allowed_values, a.val))
    or (p.tenant_id, p.id) in (select tenant_id, product_id from variants);
