#define BOOST_TEST_MODULE ocivalidate
#include <boost/test/unit_test.hpp>
