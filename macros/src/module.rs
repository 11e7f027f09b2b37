//! `#[derive(Module)]`: the parameters of a struct are the parameters of its fields.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, GenericParam, Index, Type, parse_quote};

/// The expansion of `#[derive(Module)]` on `input`, or the error to report.
pub fn expand(input: DeriveInput) -> syn::Result<TokenStream> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(
            Span::call_site(),
            "derive(Module): only structs are supported (with named or tuple fields)",
        ));
    };
    let type_params: Vec<syn::Ident> = input
        .generics
        .params
        .iter()
        .filter_map(|p| match p {
            GenericParam::Type(t) => Some(t.ident.clone()),
            _ => None,
        })
        .collect();

    let mut visits = Vec::new();
    let mut visits_mut = Vec::new();
    let mut trainings = Vec::new();
    let mut bounds = Vec::new();
    let fields: Vec<(TokenStream, String, &syn::Field)> = match &data.fields {
        Fields::Named(named) => named
            .named
            .iter()
            .map(|f| {
                let ident = f.ident.as_ref().expect("named fields have names");
                (quote!(#ident), ident.to_string(), f)
            })
            .collect(),
        Fields::Unnamed(unnamed) => unnamed
            .unnamed
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let index = Index::from(i);
                (quote!(#index), i.to_string(), f)
            })
            .collect(),
        Fields::Unit => Vec::new(),
    };
    for (access, name, field) in fields {
        if is_skipped(field)? {
            continue;
        }
        let ty = &field.ty;
        // The calls carry the field type's span, so that a field whose type is not a
        // `Module` is reported at the field.
        let span = ty.span();
        visits.push(quote_spanned! {span=>
            <#ty as ::rusttorch::nn::Module>::visit_params(
                &self.#access,
                &::rusttorch::nn::join_name(__prefix, #name),
                __visitor,
            );
        });
        visits_mut.push(quote_spanned! {span=>
            <#ty as ::rusttorch::nn::Module>::visit_params_mut(
                &mut self.#access,
                &::rusttorch::nn::join_name(__prefix, #name),
                __visitor,
            );
        });
        trainings.push(quote_spanned! {span=>
            <#ty as ::rusttorch::nn::Module>::set_training(&mut self.#access, __training);
        });
        if mentions_any(ty, &type_params) {
            bounds.push(quote_spanned! {span=> #ty: ::rusttorch::nn::Module });
        }
    }

    let name = &input.ident;
    let mut generics = input.generics.clone();
    {
        let where_clause = generics.make_where_clause();
        for b in bounds {
            where_clause.predicates.push(parse_quote!(#b));
        }
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    Ok(quote! {
        #[automatically_derived]
        impl #impl_generics ::rusttorch::nn::Module for #name #ty_generics #where_clause {
            fn visit_params(
                &self,
                __prefix: &str,
                __visitor: &mut dyn FnMut(&str, &::rusttorch::DynTensor),
            ) {
                let _ = (&__prefix, &__visitor);
                #(#visits)*
            }

            fn visit_params_mut(
                &mut self,
                __prefix: &str,
                __visitor: &mut dyn FnMut(&str, &mut ::rusttorch::DynTensor),
            ) {
                let _ = (&__prefix, &__visitor);
                #(#visits_mut)*
            }

            fn set_training(&mut self, __training: bool) {
                let _ = __training;
                #(#trainings)*
            }
        }
    })
}

/// Whether `field` is marked `#[module(skip)]`; any other `module` attribute is an error.
fn is_skipped(field: &syn::Field) -> syn::Result<bool> {
    let mut skip = false;
    for attr in &field.attrs {
        if !attr.path().is_ident("module") {
            continue;
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("skip") {
                skip = true;
                Ok(())
            } else {
                Err(meta.error("derive(Module): unknown attribute, expected `#[module(skip)]`"))
            }
        })?;
    }
    Ok(skip)
}

/// Whether the type mentions one of the struct's type parameters (then the impl needs a
/// `Module` bound on it).
fn mentions_any(ty: &Type, params: &[syn::Ident]) -> bool {
    if params.is_empty() {
        return false;
    }
    fn walk(tokens: TokenStream, params: &[syn::Ident]) -> bool {
        tokens.into_iter().any(|t| match t {
            proc_macro2::TokenTree::Ident(i) => params.contains(&i),
            proc_macro2::TokenTree::Group(g) => walk(g.stream(), params),
            _ => false,
        })
    }
    walk(quote!(#ty), params)
}
