use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What kind of field a finding is. The snake_case id (`card_number`, ...)
/// is stable: jurisdiction packs, the store and the command line's JSON use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Credit or debit card number (PAN).
    CardNumber,
    /// Card expiration date.
    CardExpiration,
    /// Card security code (CVV, CVC, CID).
    CardSecurityCode,
    /// Bank or other financial account number, including IBANs.
    BankAccount,
    /// ABA routing transit number.
    RoutingNumber,
    /// Electronic check number.
    ElectronicCheck,
    /// Social Security number.
    Ssn,
    /// Individual taxpayer identification number.
    Itin,
    /// Employer identification number.
    Ein,
    /// Driver's license or state ID number.
    DriversLicense,
    /// Date of birth.
    DateOfBirth,
    /// Password, PIN or access code.
    Password,
    /// Residential (home) address.
    Address,
    /// Personal telephone number.
    Phone,
    /// Personal e-mail address.
    Email,
    /// A per-request custom term (a name, a case number).
    Custom,
}

impl Category {
    /// Every category, in a stable order.
    pub const ALL: [Category; 16] = [
        Category::CardNumber,
        Category::CardExpiration,
        Category::CardSecurityCode,
        Category::BankAccount,
        Category::RoutingNumber,
        Category::ElectronicCheck,
        Category::Ssn,
        Category::Itin,
        Category::Ein,
        Category::DriversLicense,
        Category::DateOfBirth,
        Category::Password,
        Category::Address,
        Category::Phone,
        Category::Email,
        Category::Custom,
    ];

    /// The stable snake_case id.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::CardNumber => "card_number",
            Category::CardExpiration => "card_expiration",
            Category::CardSecurityCode => "card_security_code",
            Category::BankAccount => "bank_account",
            Category::RoutingNumber => "routing_number",
            Category::ElectronicCheck => "electronic_check",
            Category::Ssn => "ssn",
            Category::Itin => "itin",
            Category::Ein => "ein",
            Category::DriversLicense => "drivers_license",
            Category::DateOfBirth => "date_of_birth",
            Category::Password => "password",
            Category::Address => "address",
            Category::Phone => "phone",
            Category::Email => "email",
            Category::Custom => "custom",
        }
    }

    /// A plain-words name for clerks ("credit or debit card number").
    pub fn label(self) -> &'static str {
        match self {
            Category::CardNumber => "credit or debit card number",
            Category::CardExpiration => "card expiration date",
            Category::CardSecurityCode => "card security code",
            Category::BankAccount => "bank or financial account number",
            Category::RoutingNumber => "bank routing number",
            Category::ElectronicCheck => "electronic check number",
            Category::Ssn => "Social Security number",
            Category::Itin => "individual taxpayer identification number",
            Category::Ein => "employer identification number",
            Category::DriversLicense => "driver's license or state ID number",
            Category::DateOfBirth => "date of birth",
            Category::Password => "password or access code",
            Category::Address => "residential address",
            Category::Phone => "personal telephone number",
            Category::Email => "personal e-mail address",
            Category::Custom => "custom term",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A category id that is not one of [`Category::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown category '{0}'")]
pub struct UnknownCategory(pub String);

impl FromStr for Category {
    type Err = UnknownCategory;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownCategory(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_str_and_serde() {
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>().unwrap(), c);
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<Category>(&json).unwrap(), c);
        }
        assert!("lic".parse::<Category>().is_err());
    }
}
